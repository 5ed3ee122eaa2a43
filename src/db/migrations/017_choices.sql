-- 017 — the choice vocabularies (统一选项): every label a code is shown with, written once.
--
-- A form's choice field names its vocabulary (`choices = @budget_category`, or some of its codes:
-- `choices = @unit_level: village, community`) and gets the labels from here when the database
-- is opened; reports join choice_labels for the same words; the change history names tables by
-- the titles of their declaration (table_access, migration 016), the vocabulary `tables`.
-- The rules of the ledgers keep their CHECKs on the codes: a code is a fact of the schema, its
-- label a matter of wording that an administrator may correct here.

CREATE TABLE choices (
    id       INTEGER PRIMARY KEY,
    vocab    TEXT NOT NULL CONSTRAINT "选项表名只能由小写字母、数字和下划线组成"
                           CHECK (vocab <> '' AND vocab NOT GLOB '*[^a-z0-9_]*'),
    code     TEXT NOT NULL CONSTRAINT "选项代码只能由小写字母、数字和下划线组成"
                           CHECK (code <> '' AND code NOT GLOB '*[^a-z0-9_]*'),
    seq      INTEGER NOT NULL,   -- the order offered and reported in
    label    TEXT NOT NULL CONSTRAINT "选项名称不能为空" CHECK (length(trim(label)) > 0),
    label_en TEXT,
    UNIQUE (vocab, code)
);

-- Every vocabulary one list: the tables' titles are the vocabulary `tables`.
CREATE VIEW choice_labels AS
SELECT vocab, code, seq, label, label_en FROM choices
UNION ALL
SELECT 'tables', name, 0, title, title_en FROM table_access WHERE title IS NOT NULL;

INSERT INTO table_access (name, access, scope, audited, title, title_en)
VALUES ('choices', 'shared', NULL, 1, '选项', 'Choices');

INSERT INTO choices (vocab, code, seq, label, label_en) VALUES
    ('unit_level', 'city', 1, '市', 'City'),
    ('unit_level', 'township', 2, '乡镇/街道', 'Township'),
    ('unit_level', 'village', 3, '村', 'Village'),
    ('unit_level', 'community', 4, '社区', 'Community'),
    ('unit_level', 'department', 5, '市直单位', 'Department'),
    ('gender', 'male', 1, '男', 'Male'),
    ('gender', 'female', 2, '女', 'Female'),
    ('item_section', 'basic', 1, '基本指标', 'Basic'),
    ('item_section', 'bonus', 2, '加分项目', 'Bonus'),
    ('item_section', 'deduction', 3, '扣分项目', 'Deduction'),
    ('contract_status', 'draft', 1, '草稿', 'Draft'),
    ('contract_status', 'signed', 2, '已签订', 'Signed'),
    ('contract_status', 'assessed', 3, '已考评', 'Assessed'),
    ('site_category', 'rural', 1, '农村', 'Rural'),
    ('site_category', 'community', 2, '社区', 'Community'),
    ('site_category', 'organ', 3, '机关', 'Government body'),
    ('site_category', 'enterprise', 4, '企业', 'Enterprise'),
    ('site_category', 'school', 5, '学校', 'School'),
    ('site_category', 'new_org', 6, '新社会组织', 'New social organisation'),
    ('site_level', 'province', 1, '省级', 'Province'),
    ('site_level', 'prefecture', 2, '地市级', 'Prefecture'),
    ('site_level', 'city', 3, '市级', 'City'),
    ('site_level', 'township', 4, '乡镇级', 'Township'),
    ('site_status', 'applied', 1, '申报', 'Applied'),
    ('site_status', 'building', 2, '创建中', 'Building'),
    ('site_status', 'accepted', 3, '验收通过', 'Accepted'),
    ('site_status', 'named', 4, '命名', 'Named'),
    ('posting_role', 'instructor', 1, '党建工作指导员', 'Instructor'),
    ('posting_role', 'first_secretary', 2, '第一书记', 'First secretary'),
    ('posting_role', 'liaison', 3, '联系领导', 'Liaison'),
    ('posting_status', 'in_post', 1, '在岗', 'In post'),
    ('posting_status', 'ended', 2, '期满', 'Ended'),
    ('posting_status', 'recalled', 3, '召回', 'Recalled'),
    ('posting_status', 'replaced', 4, '轮换', 'Replaced'),
    ('budget_category', 'village_ops', 1, '村级组织运转经费', 'Village operating'),
    ('budget_category', 'rural_community_ops', 2, '农村社区运转经费', 'Rural community operating'),
    ('budget_category', 'urban_community_ops', 3, '城镇社区运转经费', 'Urban community operating'),
    ('budget_category', 'community_livelihood', 4, '社区民生项目经费', 'Community livelihood'),
    ('budget_category', 'remote_education', 5, '远程教育站点经费', 'Remote education'),
    ('budget_category', 'one_off_build', 6, '一次性建设经费', 'One-off build'),
    ('user_role', 'admin', 1, '管理员', 'Administrator'),
    ('user_role', 'clerk', 2, '录入员', 'Clerk'),
    ('user_role', 'viewer', 3, '查看员', 'Viewer'),
    ('audit_action', 'insert', 1, '新增', 'Insert'),
    ('audit_action', 'update', 2, '修改', 'Update'),
    ('audit_action', 'delete', 3, '删除', 'Delete'),
    ('contract_tier', 'township', 1, '市对乡镇', 'City–township'),
    ('contract_tier', 'village', 2, '乡镇对村', 'Township–village'),
    ('sync_direction', 'sent', 1, '发出', 'Sent'),
    ('sync_direction', 'received', 2, '收到', 'Received'),
    ('sync_state', 'sent', 1, '已发出', 'Sent'),
    ('sync_state', 'acknowledged', 2, '对方已确认', 'Acknowledged'),
    ('sync_state', 'applied', 3, '已导入', 'Applied'),
    ('sync_state', 'refused', 4, '被拒绝', 'Refused'),
    ('sync_state', 'conflicts', 5, '有冲突', 'Conflicts'),
    ('sync_choice', 'ours', 1, '保留本方', 'Keep ours'),
    ('sync_choice', 'theirs', 2, '采用对方', 'Take theirs');
