# A first secretary for a village that already has one in post is refused with the rule's
# message naming the one in post, and the form keeps everything typed.
. "$(dirname "$0")/lib.sh"

village_code=$(sql "select u.code from assignments a join units u on u.id = a.unit_id
                    where a.role = 'first_secretary' and a.status = 'in_post' order by u.code limit 1")
village=$(sql "select name from units where code = '$village_code'")
id_number=$(sql "select p.id_number from people p join units u on u.id = p.unit_id
                 where u.level = 'department' and p.id_number is not null and not exists
                 (select 1 from assignments a where a.person_id = p.id and a.role = 'first_secretary'
                  and a.status = 'in_post') order by p.id limit 1")
person=$(sql "select name from people where id_number = '$id_number'")
before=$(sql "select count(*) from assignments")

start --form assignments "$DB"
wait_for "驻点干部"
keys F7
wait_for "新增"
type_text "$id_number"                 # the person, by ID number
keys Tab
wait_for "$person"
keys Space Space                       # 职责: 党建工作指导员 → 第一书记
wait_for "第一书记"
keys Tab
type_text "$village_code"              # the village, by its code
keys Tab
wait_for "$village"
keys Tab                               # 派出单位: left empty
type_text "2026-10-01"
keys F2
holder=$(sql "select p.name || '，自 ' || a.start_on from assignments a join people p on p.id = a.person_id
              where a.role = 'first_secretary' and a.unit_id = (select id from units where code = '$village_code')
                and '2026-10-01' <= coalesce(a.end_on, '9999-12-31') order by a.start_on limit 1")
wait_for "该村（社区）在这段时间已有第一书记（$holder"
wait_for "$person"                     # nothing typed is lost
wait_for "$village"
wait_for "2026-10-01"
assert_eq "$(sql "select count(*) from assignments")" "$before" "nothing saved"

keys Escape
wait_for "记录已修改"
keys d
keys Escape
check_clean_exit
