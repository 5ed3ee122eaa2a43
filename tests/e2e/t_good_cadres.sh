# The good-cadre selection: the rounds' order holds from the sqlite3 command line (a round
# skipped, a round after one not passed); a candidate typed in Chinese through 9 基层组织建设 →
# 好干部评选 is saved as typed; the elimination rates on screen are the database's.
. "$(dirname "$0")/lib.sh"

refused() { # SQL MESSAGE
    out=$(sqlite3 -batch "$DB" "$1" 2>&1) && fail "accepted: $1"
    printf '%s' "$out" | grep -qF "$2" || fail "refused with \"$out\", not \"$2\""
}

out=$(sql "select c.id from gc_candidates_v c where c.outcome = 'eliminated' and c.last_round = 'first'
           order by c.id limit 1")
refused "insert into gc_rounds (candidate_id, round, held_on, passed)
         select $out, 'inspect', year || '-07-20', 1 from gc_candidates where id = $out" \
        "候选人在上一轮未通过，不能进入下一轮"
person=$(sql "select p.id from people p where (select count(*) from people q where q.name = p.name) = 1
              and p.id not in (select person_id from gc_candidates where year = 2027) order by p.id limit 1")
name=$(sql "select name from people where id = $person")
sql "insert into gc_candidates (year, person_id, nominated_by) values (2027, $person, 'self')"
new=$(sql "select id from gc_candidates where year = 2027 and person_id = $person")
refused "insert into gc_rounds (candidate_id, round, held_on, passed) values ($new, 'second', '2027-07-01', 1)" \
        "候选人只能按初评、考察、二评、公示、审定的顺序逐轮评选"
sql "delete from gc_candidates where id = $new"

start "$DB"
wait_for "基层组织建设"
keys 9
wait_for "两个创建"
keys 3
wait_for "各轮淘汰率"
keys 1
wait_for "好干部评选候选人"
keys F7
wait_for "新增"
type_text "2027"
keys Tab
type_text "$name"
keys Tab
wait_for "$name"
type_text "社会"
wait_for "社会推荐"
keys Tab
type_text "群众联名推荐"
keys Tab
type_text "讲奉献、作风好，扎根基层服务群众"
keys F2
wait_for "已保存"
assert_eq "$(sql "select nominated_by || '|' || nominator || '|' || deeds from gc_candidates
                  where year = 2027 and person_id = $person")" \
          "social|群众联名推荐|讲奉献、作风好，扎根基层服务群众" "the candidate as typed"
keys Escape
wait_for "按年度"
keys Escape
wait_for "各轮淘汰率"
keys 3
wait_for "好干部评选各轮淘汰率"
wait_for "累计淘汰率"
# each round's row of 2026 as the database gives it: round, candidates … rate so far
for round in first approve; do
    label=$(sql "select label from choices where vocab = 'gc_round' and code = '$round'")
    want=$(sql "select printf('%d %d %d %d %d %g %g', year, candidates, entered, passed, eliminated,
                              rate, rate_so_far)
                from gc_round_rates where year = 2026 and round = '$round'")
    got=$(screen | awk -v l="$label" '$1 == 2026 && $2 == l { print $1, $3, $4, $5, $6, $7, $8 }')
    assert_eq "$got" "$want" "2026 $label on screen"
done
keys Escape
wait_for "各轮淘汰率"
keys Escape
wait_for "两个创建"
keys Escape
wait_for "驻点干部与第一书记"
keys Escape
wait_for "退出系统？"
keys Enter
check_clean_exit

# a person's record lists their selections (Ctrl-L)
name=$(sql "select p.name from gc_selected g join people p on p.id = g.person_id
            where (select count(*) from people q where q.name = p.name) = 1 order by p.id limit 1")
years=$(sql "select count(*) from gc_candidates c join people p on p.id = c.person_id where p.name = '$name'")
start --form people "$DB"
wait_for "按姓名"
type_text "$name"
wait_for "共 1 条"
keys Enter
wait_for "身份证号"
keys C-l
wait_for "好干部评选"
keys Down
keys Enter
wait_for "好干部评选候选人"
wait_for "共 $years 条"
wait_for "当选"
keys Escape
wait_for "身份证号"
keys Escape
wait_for "共 1 条"
keys Escape                            # the search goes first, then the list
wait_for "共 $(sql "select count(*) from people") 条"
keys Escape
check_clean_exit
