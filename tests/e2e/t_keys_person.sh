# Keys: a clerk finds a person by the pinyin initials of the name and opens the record — from
# the main menu, at most 4 keys beyond the initials.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keycount.sh"

# initials that one person alone has
read -r initials id_number <<EOT
$(sql "select name_py, id_number from people p where id_number is not null
       and (select count(*) from people q where q.name_py = p.name_py) = 1 order by id limit 1" | tr '|' ' ')
EOT

TZ_LOGIN=wang start "$DB"
wait_for "人员"
key 2                                  # 人员
wait_for "查找"
type_text "$initials"
wait_for "共 1 条"
key Enter
wait_for "身份证号：$id_number"
assert_keys 4 "find a person by initials and open the record"
keys Escape Escape
