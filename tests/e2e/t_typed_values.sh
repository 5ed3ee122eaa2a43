# What clerks type is read as they think it and checked as they leave each field: an ID number
# fills in the birth date and sex and upper-cases its x, and a birth date typed differently is
# named and refused; a phone number must be a mobile or a landline with its area code; a budget
# in 万元 takes 12.3456万 and 153457元. The same rules hold from the sqlite3 command line.
. "$(dirname "$0")/lib.sh"

"$TZ_BIN" check "$DB" > /dev/null || fail "check (and the migrations) on the copy of sample.db"

# ---- the schema, from the sqlite3 command line -------------------------------------------------
refused() { # SQL MESSAGE
    local out
    out=$(sqlite3 -batch "$DB" "$1" 2>&1) && fail "the schema accepted: $1"
    case "$out" in *"$2"*) ;; *) fail "refused without \"$2\": $out" ;; esac
}
phone_rule="联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）"
person=$(sql "select id from people where id_number is not null and birth_date is not null
              and gender is not null limit 1")
refused "update people set phone = '12812345678' where id = $person" "$phone_rule"
refused "update people set phone = '07391234567' where id = $person" "$phone_rule"
refused "update units set phone = '0739-12345' where id = 1" "$phone_rule"
refused "update settings set phone = '电话'" "$phone_rule"
refused "update township_headers set phone = '0739 4521066'" "$phone_rule"
refused "update people set name = '$(printf '张%.0s' $(seq 21))' where id = $person" "姓名最多 20 个字"
refused "update people set birth_date = date(birth_date, '+1 day') where id = $person" \
    "出生日期与身份证号中的出生日期不符"
refused "update people set gender = case gender when 'male' then 'female' else 'male' end
         where id = $person" "性别与身份证号不符"
sql "update people set phone = '0739-1234567', name = '$(printf '张%.0s' $(seq 20))' where id = $person"
sql "update units set phone = '13812345678' where id = 1"
assert_eq "$(sql "select phone || length(name) from people where id = $person")" "0739-123456720" \
    "a landline and a name of 20 characters are accepted"

# ---- the form ----------------------------------------------------------------------------------
id_typed="43058119900307028x"             # a woman born 1990-03-07, typed with a small x
people_before=$(sql "select count(*) from people")
start --form people "$DB"
wait_for "人员"
keys F7
wait_for "新增"
type_text "欧阳小红"
keys Tab Tab                           # 性别 left empty
type_text "1990-03-08"                 # a day off the ID number's
keys Tab
type_text "$id_typed"
keys Tab
wait_for "出生日期 1990-03-08 与身份证号不符：身份证号中是 1990-03-07"
wait_for "43058119900307028X"          # upper-cased as it was left
wait_for "性别：女"                    # the empty sex filled in from the 17th digit
type_text "0739 123"
keys Tab
wait_for "联系电话：应为手机号"
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
type_text "0739-1234567"
keys Tab
type_text "dytz"
keys Tab
wait_for "邓元泰镇"
keys F2                                # refused until the birth date agrees
wait_for "出生日期 1990-03-08 与身份证号不符"
assert_eq "$(sql "select count(*) from people")" "$people_before" "nothing saved"
keys BSpace BSpace                     # the refused save moved the cursor to 出生日期
type_text "07"
keys F2
wait_for "已保存"
row=$(sql "select name, gender, birth_date, id_number, phone from people where id = (select max(id) from people)")
assert_eq "$row" "欧阳小红|female|1990-03-07|43058119900307028X|0739-1234567" "saved person"
keys Escape Escape

# ---- money in 万元 and in 元 ------------------------------------------------------------------
sql "delete from disbursements"        # any budget may now be lowered
start --form budget_lines "$DB"
wait_for "预算（万元）"
keys Enter                             # the first line of the list
wait_for "拨付记录"
line=$(sql "select id from budget_lines where budgeted_fen = 12345600")
assert_eq "$line" "" "no line has the budget yet"
keys Tab Tab Tab Tab                   # 年度 单位 经费类别 资金来源 → 预算（万元）
wait_for "也可输入 15000元"
keys End BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
type_text "12.3456万"
keys Tab
wait_for "预算（万元）：12.3456"
keys F2
wait_for "已保存"
assert_eq "$(sql "select count(*) from budget_lines where budgeted_fen = 12345600")" 1 "12.3456万 in 分"
keys BTab
keys End BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
type_text "153457元"
keys F2
wait_for "已保存"
wait_for "预算（万元）：15.3457"
assert_eq "$(sql "select count(*) from budget_lines where budgeted_fen = 15345700")" 1 "153457元 in 分"
keys Escape Escape
check_clean_exit
