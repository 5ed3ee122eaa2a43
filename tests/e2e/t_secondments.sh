# Secondments and training: the schema's rules hold from the sqlite3 command line (a cadre in
# two batches at once); a batch typed in Chinese through 9 基层组织建设 → 挂职锻炼与外派培训 is
# saved as typed; the counts per year on screen are the database's.
. "$(dirname "$0")/lib.sh"

refused() { # SQL MESSAGE
    out=$(sqlite3 -batch "$DB" "$1" 2>&1) && fail "accepted: $1"
    printf '%s' "$out" | grep -qF "$2" || fail "refused with \"$out\", not \"$2\""
}

member=$(sql "select m.person_id from sc_members m join sc_batches b on b.id = m.batch_id
              where b.starts_on = '2015-04-13' order by m.id limit 1")
sql "insert into sc_batches (name, unit_id, kind, place, starts_on, ends_on)
     select '同期考察', id, 'study', '浏阳市', '2015-04-15', '2015-04-16' from units where level = 'city'"
refused "insert into sc_members (batch_id, person_id)
         select id, $member from sc_batches where name = '同期考察'" "这名干部在这段时间已参加另一批挂职或培训"
sql "delete from sc_batches where name = '同期考察'"

start "$DB"
wait_for "基层组织建设"
keys 9
wait_for "两个创建"
keys 4
wait_for "挂职培训年度统计"
keys 1
wait_for "挂职锻炼与外派培训"
keys F7
wait_for "新增"
type_text "2027年乡镇组织委员赴湘潭县考察学习"
keys Tab
type_text "武冈市"
keys Tab
type_text "考察"
wait_for "考察学习"
keys Tab
type_text "湘潭县"
keys Tab
type_text "湘潭县委组织部"
keys Tab
type_text "2027-03-08"
keys Tab
type_text "2027-03-12"
keys F2
wait_for "已保存"
assert_eq "$(sql "select u.level || '|' || kind || '|' || place || '|' || host || '|' || starts_on || '|' || ends_on
                  from sc_batches b join units u on u.id = b.unit_id
                  where b.name = '2027年乡镇组织委员赴湘潭县考察学习'")" \
          "city|study|湘潭县|湘潭县委组织部|2027-03-08|2027-03-12" "the batch as typed"
assert_eq "$(sql "select days from sc_batches_v where name = '2027年乡镇组织委员赴湘潭县考察学习'")" "5" "five days"
keys Escape
wait_for "按开始日期"
keys Escape
wait_for "挂职培训年度统计"
keys 3
wait_for "人天"
# the 2015 rows as the database counts them: year, kind, batches, cadres, person-days
for kind in secondment training; do
    label=$(sql "select label from choices where vocab = 'sc_kind' and code = '$kind'")
    want=$(sql "select year || ' ' || batches || ' ' || members || ' ' || person_days from sc_year_counts
                where year = 2015 and kind = '$kind'")
    got=$(screen | awk -v l="$label" '$1 == 2015 && $2 == l { print $1, $3, $4, $5 }')
    assert_eq "$got" "$want" "2015 $label on screen"
done
keys Escape
wait_for "个人挂职培训经历"
keys Escape
wait_for "两个创建"
keys Escape
wait_for "驻点干部与第一书记"
keys Escape
wait_for "退出系统？"
keys Enter
check_clean_exit
