# 双向述职评议: the order of the two assessment days holds from the sqlite3 command line; then a
# clerk opens a village's contract, types its secretary's name in Chinese and a year-end day
# before the mid-year one (refused with the schema's words), corrects it and saves; the
# 述职评议 list finds the secretary by name with the unit's mid-year grade from the grades table,
# and the township's printed sheet has the row.
. "$(dirname "$0")/lib.sh"

refused() { # SQL MESSAGE
    out=$(sqlite3 -batch "$DB" "$1" 2>&1) && fail "accepted: $1"
    printf '%s' "$out" | grep -qF "$2" || fail "refused with \"$out\", not \"$2\""
}

row=$(sql "select c.id || '|' || u.full_name || '|' || c.mid_assessed_on || '|' || t.code from contracts c
           join units u on u.id = c.signer_id join units t on t.id = c.issuer_id
           where c.year = 2026 and u.level = 'village' and c.status = 'signed'
             and c.mid_assessed_on is not null and c.final_assessed_on is null order by c.id limit 1")
id=${row%%|*}; rest=${row#*|}; unit=${rest%%|*}; rest=${rest#*|}; mid=${rest%%|*}; town=${rest#*|}
[ -n "$id" ] || fail "the sample has no contract assessed at mid-year only"
refused "update contracts set final_assessed_on = date('$mid', '-1 day') where id = $id" \
        "年终述职评议日期不能早于年中评议日期"
grade=$(sql "select grade from review_grades where min_score <= (select total_mid from contracts_v where id = $id)
             order by min_score desc limit 1")

start --form contracts "$DB"
wait_for "党建工作责任状"
type_text "$unit"                      # the village, by its full name: 2026 comes first
wait_for "$unit"
keys Enter
wait_for "签字书记"
keys Tab Tab Tab
type_text "邓满红"
keys Tab Tab Tab Tab                   # 签订日期, 状态, 年中评议日期 → 年终评议日期
type_text "$(sql "select date('$mid', '-1 day')")"
keys F2
wait_for "年终述职评议日期不能早于年中评议日期"
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
type_text "2026-12-28"
keys F2
wait_for "已保存"
assert_eq "$(sql "select signatory || '|' || final_assessed_on from contracts where id = $id")" \
          "邓满红|2026-12-28" "the secretary and the day as typed"
keys Escape                            # the form, the list's search, the list
wait_for "共 2 条"
keys Escape
wait_for "草稿"
keys Escape
check_clean_exit

start --form review_sheet "$DB"
wait_for "双向述职评议"
type_text "邓满红"
wait_for "$unit"
wait_for "$grade"
keys Escape
wait_for "共 "
keys Escape
check_clean_exit

out=$(echo Admin-2026 | "$TZ_BIN" print review_sheet --year 2026 --unit "$town" --to - --user admin "$DB" 2>&1)
printf '%s' "$out" | grep -q "邓满红" || fail "the township's sheet lacks the secretary: $out"
printf '%s' "$out" | grep -q "年中评议（七一）" || fail "the sheet lacks its heading"
