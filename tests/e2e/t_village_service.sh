# 集中服务日: the rules hold from the sqlite3 command line (a day that is not a Monday, a person
# present who is neither the village's nor posted there); then from the menu a clerk records a
# village's Monday — a Tuesday typed first is refused with the schema's words — adds a cadre
# present and a matter handled on the applicant's behalf, typed in Chinese, and the database has
# them; the township's quarter counts it.
. "$(dirname "$0")/lib.sh"

refused() { # SQL MESSAGE
    out=$(sqlite3 -batch "$DB" "$1" 2>&1) && fail "accepted: $1"
    printf '%s' "$out" | grep -qF "$2" || fail "refused with \"$out\", not \"$2\""
}

village=$(sql "select id from units where level = 'village' order by id limit 1")
code=$(sql "select code from units where id = $village")
refused "insert into service_days (unit_id, held_on) values ($village, '2026-12-08')" "集中服务日应为星期一"
day=$(sql "select id from service_days where unit_id = $village order by held_on desc limit 1")
outsider=$(sql "select id from people where unit_id <> $village and id not in
                (select person_id from assignments where unit_id = $village) limit 1")
refused "insert into service_attendance (service_day_id, person_id) values ($day, $outsider)" \
        "到岗人员应为本村（社区）的干部或当天派驻这里的驻村干部"
refused "insert into service_matters (service_day_id, kind, applicant, content) values ($day, 'proxy', '刘满秀', '低保申请')" \
        "全程代办须填写代办人"

row=$(sql "select id_number || '|' || name from people where unit_id = $village and post = '村会计'")
idno=${row%%|*}; name=${row#*|}
township=$(sql "select parent_id from units where id = $village")
q4=$(sql "select coalesce((select applied + proxied from service_quarters
                           where township_id = $township and year = 2026 and quarter = 4), 0)")

start "$DB"
wait_for "基层组织建设"
keys 9
wait_for "集中服务日"
keys 6
wait_for "季度汇总"
keys 1
wait_for "集中服务日"
keys F7
wait_for "新增"
type_text "$code"
keys Tab
type_text "2026-12-08"
keys F2
wait_for "集中服务日应为星期一"
keys BSpace BSpace
type_text "07"
keys F2
wait_for "已保存"
new=$(sql "select id from service_days where unit_id = $village and held_on = '2026-12-07'")
[ -n "$new" ] || fail "the service day was not saved"
keys NPage                             # into the first grid: the cadres present
wait_for "（没有明细，按 F7 新增）"
keys F7
wait_for "到岗人员："
type_text "$idno"
keys Tab
wait_for "$name"
keys F2
wait_for "已保存"
keys Escape                            # back to the day, its first grid
wait_for "$name"
keys End Tab                           # past its last cell: the second grid, the matters
keys F7
wait_for "申办群众："
type_text "曾秋香"                     # the form starts in 申办群众, its first empty field
keys BTab
type_text "全"                         # 类别: 全程代办
wait_for "全程代办"
keys Tab Tab
type_text "养老保险待遇认证"
keys Tab
type_text "$idno"                      # 代办人: the accountant present
keys Tab
wait_for "代办人：$name"
type_text "已"                         # 办理结果: 已办结, without its day
wait_for "已办结"
keys F2
wait_for "已办结的事项须填写办结日期"
keys Tab
type_text "2026-12-09"
keys F2
wait_for "已保存"
assert_eq "$(sql "select kind || '|' || applicant || '|' || applicant_py || '|' || content || '|' || outcome
                  || '|' || done_on from service_matters where service_day_id = $new")" \
          "proxy|曾秋香|zqx|养老保险待遇认证|done|2026-12-09" "the matter as typed"
assert_eq "$(sql "select present || '/' || matters || '/' || done from service_days_v where id = $new")" "1/1/1" \
          "the day's counts"
assert_eq "$(sql "select applied + proxied from service_quarters where township_id = $township
                  and year = 2026 and quarter = 4")" "$((q4 + 1))" "the township's quarter counts it"
keys Escape
wait_for "养老保险待遇认证"
keys Escape
keys Escape
keys Escape
keys Escape
wait_for "1  组织机构"
keys Escape
wait_for "退出系统"
keys Enter
check_clean_exit
