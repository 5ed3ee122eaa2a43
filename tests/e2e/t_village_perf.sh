# 村干部绩效考核: the rules hold from the sqlite3 command line (a score above its item's weight,
# a second secretary for a village and year, a template not weighing 100); then from the menu a
# clerk adds a cadre's assessment typing the post and a note in Chinese, scores an item in the
# grid, and the database has the assessment with one score row per item in use and the total.
. "$(dirname "$0")/lib.sh"

refused() { # SQL MESSAGE
    out=$(sqlite3 -batch "$DB" "$1" 2>&1) && fail "accepted: $1"
    printf '%s' "$out" | grep -qF "$2" || fail "refused with \"$out\", not \"$2\""
}

a=$(sql "select id from perf_assessments where year = 2025 order by id limit 1")
refused "update perf_scores set score = (select weight + 1 from perf_items where id = item_id)
         where assessment_id = $a" "得分不能超过这一项的分值"
refused "update perf_assessments set post = 'secretary'
         where id = (select d.id from perf_assessments d join perf_assessments s
                      on s.unit_id = d.unit_id and s.year = d.year and s.post = 'secretary'
                      where d.post = 'director' limit 1)" \
        "这个村（社区）这一年度已有这一职务的考核"
refused "update perf_items set weight = weight + 1 where seq = 1" "这一项已用于考核，内容和分值不能再改"

# the allowance of every complete assessment is its band's amount
assert_eq "$(sql "select count(*) from perf_assessments_v v where complete and allowance_fen <>
                  (select amount_fen from perf_allowance_bands where min_score <= v.total
                    order by min_score desc limit 1)")" 0 "allowances follow the bands"

# a village's accountant without a 2026 assessment
row=$(sql "select u.code || '|' || p.id_number || '|' || p.name from people p join units u on u.id = p.unit_id
           where u.level = 'village' and p.post = '村会计' and p.id_number is not null
             and not exists (select 1 from perf_assessments a where a.person_id = p.id and a.year = 2026)
           order by p.id limit 1")
code=${row%%|*}; rest=${row#*|}; idno=${rest%%|*}; name=${rest#*|}
items=$(sql "select count(*) from perf_items where active = 1")

start "$DB"
wait_for "基层组织建设"
keys 9
wait_for "村干部绩效考核"
keys 5
wait_for "业绩考核档案"
keys 1
wait_for "村干部绩效考核"
keys F7
wait_for "新增"
type_text "2026"
keys Tab
type_text "$code"
keys Tab
type_text "$idno"
keys Tab
wait_for "$name"
type_text "会"
wait_for "会计（文书）"
keys Tab
type_text "2026-12-01"
keys Tab
type_text "年终测评良好"
keys F2
wait_for "已保存"
id=$(sql "select a.id from perf_assessments a join people p on p.id = a.person_id
          where p.id_number = '$idno' and a.year = 2026")
[ -n "$id" ] || fail "the assessment was not saved"
assert_eq "$(sql "select post || '|' || notes from perf_assessments where id = $id")" "accountant|年终测评良好" \
          "post and note as typed"
assert_eq "$(sql "select count(*) from perf_scores where assessment_id = $id")" "$items" "one score per item in use"


keys NPage
wait_for "考核项目逐项评分"
keys Right Right Right                 # 序号 → 考核内容 → 分值 → 得分
type_text "9"
keys Enter
first=$(sql "select content from perf_scores_v where assessment_id = $id order by seq limit 1")
for i in $(seq 50); do
    [ "$(sql "select score from perf_scores_v where assessment_id = $id order by seq limit 1")" = 9.0 ] && break
    sleep 0.1
done
assert_eq "$(sql "select score from perf_scores_v where assessment_id = $id order by seq limit 1")" 9.0 \
          "the first item ($first) scored in the grid"
assert_eq "$(sql "select total from perf_assessments_v where id = $id")" 9.0 "the total follows"

keys Escape                            # the form, the list, the two menus
keys Escape
keys Escape
keys Escape
wait_for "1  组织机构"
keys Escape
wait_for "退出系统"
keys Enter
check_clean_exit
