# The two creations' rules hold in the form as from the sqlite3 command line: an inspector from
# the branch's own township is refused with the schema's words (in the form; insert and update
# by the command line); an inspection takes the criteria of its level and passes only when
# every one is met, which the rates and the named 示范化 list follow; and in the form, marking
# the one unmet criterion in the grid makes the branch pass, unmarking it undoes that.
. "$(dirname "$0")/lib.sh"

refused() { # SQL MESSAGE
    out=$(sqlite3 -batch "$DB" "$1" 2>&1) && fail "accepted: $1"
    printf '%s' "$out" | grep -qF "$2" || fail "refused with \"$out\", not \"$2\""
}
cross="交叉检查：检查人不能来自受检党支部所在的乡镇（街道）"

year=$(sql "select max(year) + 1 from inspections")   # a year the sample has not inspected
village=$(sql "select id from units where level = 'village' order by code limit 1")
township=$(sql "select parent_id from units where id = $village")
# a cadre of the village's own township, and one of another township
own=$(sql "select p.id from people p join unit_townships ut on ut.unit_id = p.unit_id
           where ut.township_id = $township and p.id_number is not null order by p.id limit 1")
other=$(sql "select p.id from people p join unit_townships ut on ut.unit_id = p.unit_id
             where ut.township_id <> $township and p.id_number is not null order by p.id limit 1")
[ -n "$own" ] && [ -n "$other" ] || fail "the sample has no cadres to inspect with"
inspect() { # LEVEL INSPECTOR DAY
    echo "insert into inspections (year, unit_id, level, inspector_id, inspected_on)
          values ($year, $village, '$1', $2, '$year-$3')"
}
village_code=$(sql "select code from units where id = $village")
village_name=$(sql "select t.name || ' ' || v.name from units v join units t on t.id = v.parent_id
                    where v.id = $village")

# ---- the cross-inspection rule, in the form ----
start --form inspections "$DB"
wait_for "两个创建交叉检查"
keys F7
wait_for "新增"
type_text "$year"
keys Tab
type_text "$village_code"              # the branch, by its code
keys Tab
wait_for "$village_name"
keys Tab                               # 创建级别: 标准化党支部, the default
type_text "$(sql "select id_number from people where id = $own")"
keys Tab
wait_for "$(sql "select name from people where id = $own")"
type_text "$year-10-01"
keys F2
wait_for "$cross"
assert_eq "$(sql "select count(*) from inspections where year = $year")" 0 "nothing saved"
keys Escape
wait_for "记录已修改"
keys d
keys Escape
check_clean_exit

# ---- the cross-inspection rule, by the command line ----
refused "$(inspect standard "$own" 10-01)" "$cross"
assert_eq "$(sql "select count(*) from inspections where year = $year")" 0 "nothing inserted"
sql "$(inspect standard "$other" 10-01)"
standard=$(sql "select id from inspections where year = $year and level = 'standard'")
refused "update inspections set inspector_id = $own where id = $standard" "$cross"

# ---- the pass rule, by the command line ----
criteria=$(sql "select count(*) from creation_criteria where level = 'standard'")
assert_eq "$(sql "select criteria || '|' || met || '|' || passed from inspections_v where id = $standard")" \
          "$criteria|0|0" "the standard's criteria, none met yet"
sql "update inspection_results set met = 1 where inspection_id = $standard"
assert_eq "$(sql "select passed from inspections_v where id = $standard")" 1 "every criterion met: passed"
first=$(sql "select r.id from inspection_results r join creation_criteria c on c.id = r.criterion_id
             where r.inspection_id = $standard order by c.seq limit 1")
sql "update inspection_results set met = 0, note = '活动场所面积不足' where id = $first"
assert_eq "$(sql "select met || '|' || passed from inspections_v where id = $standard")" \
          "$((criteria - 1))|0" "one criterion not met: not passed"
assert_eq "$(sql "select inspected || '|' || passed from creation_rates
                  where year = $year and level = 'standard' and township_id = $township")" "1|0" \
          "the township's rate follows"

model_criteria=$(sql "select count(*) from creation_criteria")   # the standard's and the model's
sql "$(inspect model "$other" 09-01)"   # listed after the standard one
model=$(sql "select id from inspections where year = $year and level = 'model'")
assert_eq "$(sql "select criteria from inspections_v where id = $model")" "$model_criteria" \
          "a model inspection takes the standard's criteria too"
sql "update inspection_results set met = 1 where inspection_id = $model"
assert_eq "$(sql "select unit_id from creation_named where year = $year")" "$village" \
          "a passed model inspection names the branch"

# ---- the pass rule, in the form: the standard inspection, listed first, with one criterion unmet ----
start --form inspections "$DB"
wait_for "两个创建交叉检查"
keys Enter
wait_for "受检党支部：$village_name"
wait_for "达标条数：$((criteria - 1))"
wait_for "通过：否"
form=$TOP/forms/inspections.form
editable=$(( $(grep -c '^\[field' "$form") - $(grep -c '^readonly *= *yes' "$form") ))
i=0
while [ $i -lt "$editable" ]; do keys Tab; i=$((i + 1)); done   # past the fields into the grid
wait_for "活动场所面积不足"            # its first row, ordered by seq: the unmet criterion
keys Right Right Right                 # 达标, after 序号, 方面 and 验收标准
type_text "是"
keys Enter
wait_for "已保存"
wait_for "通过：是"
wait_for "达标条数：$criteria"
assert_eq "$(sql "select passed from inspections_v where id = $standard")" 1 "passed once all are met"
type_text "否"
keys Enter
wait_for "通过：否"
assert_eq "$(sql "select passed from inspections_v where id = $standard")" 0 "not passed with one unmet"
keys Escape Escape
check_clean_exit
