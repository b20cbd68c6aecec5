//! `sum-mismatch`: a stated total that its parts do not add up to.
//!
//! **Why.** Drafters assemble the figures from a dozen departments' submissions; a 合计 that is
//! not the sum of its items, or 其中 parts that exceed the total, is the figure reviewers send
//! back most often.
//!
//! **How.** Reads the sum checks of [`crate::figures::check`] (one pass, shared with the hover
//! and the inlay hints): 其中 lists after a total (the parts must not exceed it, and must equal it
//! when a remainder such as 未结/其余 is listed or the parts name every member of a profile
//! partition such as 企业 + 个体工商户 + 农民专业合作社, or follow 分别为 each with its name),
//! also after "其中，" and across "。其中，";
//! parts followed by 合计/共计/总计 (must equal); the partitions reports use (受理 = 办结 + 在办,
//! the pending rest after a breakdown of 审结 belonging to 受理; 申请 = 维持 + 撤销 + … + 未结;
//! 清理 = 保留 + 修改 + 废止); 除…外, 其余; and the 合计/总计/小计 rows and columns of tables
//! (`|`, tab-separated or space-aligned). Approximate figures (余, 约, 以上) and rounded ones
//! (0.2亿) are compared as the ranges they stand for. The message shows the sum in the total's
//! own form and units (1.32亿元, 一百二十); when every figure is exact, a quick fix replaces the
//! stated total with the computed one. A 其中 list of two or more of the total's kinds (every
//! subject ends with the total's noun: 乡镇人民调解委员会 under 人民调解委员会) that adds up to
//! less than the total gets an information note, never an error: the list may leave kinds out.
//!
//! **Example.** "新增企业45户、个体户120户、合作社48户，合计新增市场主体231户" →
//! 合计应为 213（45 + 120 + 48），文中写的是 231.

use serde_json::json;

use crate::figures::CheckKind;
use crate::finding::{Finding, Severity};
use crate::rules::{with_check_details, Context, Rule, RuleInfo};

pub struct SumMismatch;

static INFO: RuleInfo = RuleInfo {
    id: "sum-mismatch",
    name: "合计与分项不符",
    default_severity: Severity::Error,
    summary_zh: "合计、其中、受理 = 办结 + 在办等加总不符，表格合计行不符",
    summary_en:
        "Parts do not add up to the stated total (其中 lists, 受理 = 办结 + 在办, table totals).",
};

impl Rule for SumMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let figs = &cx.figures.figures;
        for c in &cx.figures.checks {
            if c.kind != CheckKind::Sum || c.ok {
                continue;
            }
            let t = &figs[c.target];
            let stated = c.stated(cx.figures, cx.text);
            let (expr, result) = (c.expr(cx.figures, cx.text), c.result(cx.figures, cx.text));
            let arithmetic = c.arithmetic(cx.figures, cx.text);
            let message = if c.exhaustive {
                format!("{}应为 {result}（{expr}），文中写的是 {stated}。", c.label)
            } else if c.inputs.len() == 1 {
                format!(
                    "其中的 {expr} 超过了{} {stated}：其中的分项不能多于总数。",
                    c.label
                )
            } else {
                format!(
                    "分项之和 {result}（{expr}）超过了{} {stated}：其中各项不能多于总数。",
                    c.label
                )
            };
            let f =
                Finding::new(INFO.id, INFO.default_severity, t.span, message).with_data(json!({
                    "stated": t.value,
                    "computed": c.computed,
                    "exhaustive": c.exhaustive,
                    "arithmetic": arithmetic,
                }));
            let f = with_check_details(f, cx, c, |_| "分项", "");
            out.push(f);
        }
        // a list of the total's kinds that falls short: a note, never an error
        for n in &cx.figures.sum_notes {
            let c = &n.check;
            let t = &figs[c.target];
            let message = format!(
                "其中所列{}类{}之和为 {}（{}），少于总数 {}：如果所列已是全部类别，请核对总数和分项；如果还有未列出的类别，可写明“其他……”。",
                c.inputs.len(),
                n.head,
                c.result(cx.figures, cx.text),
                c.expr(cx.figures, cx.text),
                c.stated(cx.figures, cx.text)
            );
            let f =
                Finding::new(INFO.id, Severity::Information, t.span, message).with_data(json!({
                    "stated": t.value,
                    "computed": c.computed,
                    "exhaustive": false,
                    "shortfall": true,
                    "arithmetic": c.arithmetic(cx.figures, cx.text),
                }));
            out.push(with_check_details(f, cx, c, |_| "分项", ""));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{apply, findings};

    const HEAD: &str = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n";

    fn sums(body: &str) -> (String, Vec<crate::finding::Finding>) {
        let text = format!("{HEAD}{body}\n");
        let f = findings(&text, "sum-mismatch");
        (text, f)
    }

    #[test]
    fn a_wrong_total_after_its_parts_is_an_error_with_a_fix() {
        let (text, f) =
            sums("全年新增企业45户、个体工商户120户、农民专业合作社48户，合计新增市场主体231户。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "231户");
        assert_eq!(
            f[0].message,
            "合计应为 213（45 + 120 + 48），文中写的是 231。"
        );
        assert_eq!(f[0].related.len(), 3);
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(fixed.contains("合计新增市场主体213户"), "{fixed}");
        assert!(sums(fixed.trim_start_matches(HEAD)).1.is_empty());
    }

    #[test]
    fn totals_that_hold_are_not_flagged() {
        for body in [
            "全年新增企业2499户、个体户8837户、农民专业合作社117户，合计新增市场主体11453户。",
            "全年共受理行政复议案件46件，其中维持28件、撤销5件、确认违法3件、驳回7件、终止3件。",
            "对45件规范性文件进行了清理，其中现行有效27件，废止12件，宣布失效6件。",
            "共收到依申请公开件175件，完成办理170件，正在办理5件。",
            "行政复议申请179件，不予受理20件，撤销11件，驳回20件，维持43件，终止39件，责令履行18件，未结案28件。",
            "政务服务事项清单2523项，除负面清单219项外，其余2304项已全部进驻大厅。",
            "受理投诉举报1820件，办结1816件，其余4件正在办理，办结率99.8%。",
            "县政府常务会议学法12次，县委常委会会议学法4次，合计16次。",
            // parts below a total that lists no remainder: others may exist
            "全年共受理行政复议案件46件，其中维持28件、撤销5件。",
            // approximate parts under an approximate total
            "共开展普法活动120余场次，其中进社区60场次、进企业50余场次。",
        ] {
            let (_, f) = sums(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn parts_exceeding_a_total() {
        let (text, f) =
            sums("全年共受理行政复议案件46件，其中维持28件、撤销15件、驳回9件，复议纠错率43.5%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "46件");
        assert_eq!(
            f[0].message,
            "分项之和 52（28 + 15 + 9）超过了总数 46：其中各项不能多于总数。"
        );
        // the parts may be wrong as well as the total: no automatic fix
        assert!(f[0].fixes.is_empty());
    }

    #[test]
    fn partitions_with_a_remainder_must_add_up() {
        let (text, f) = sums("共收到政府信息公开申请175件，完成办理168件，正在办理5件。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].message, "收到数应为 173（168 + 5），文中写的是 175。");
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(fixed.contains("申请173件"), "{fixed}");
        let (_, g) =
            sums("全年受理行政复议申请60件，驳回12件，维持30件，撤销5件，终止3件，尚未办结8件。");
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(g[0]
            .message
            .starts_with("受理数应为 58（12 + 30 + 5 + 3 + 8）"));
        // a remainder after a 、-list makes it complete
        let (_, k) =
            sums("受理复议案件47件，其中维持30件、撤销4件、驳回8件、终止3件，尚未审结3件。");
        assert_eq!(k.len(), 1, "{k:?}");
        assert_eq!(
            k[0].message,
            "总数应为 48（30 + 4 + 8 + 3 + 3），文中写的是 47。"
        );
        let (_, r) = sums("受理投诉举报1820件，办结1812件，其余4件正在办理。");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            r[0].message,
            "受理数应为 1816（1812 + 4），文中写的是 1820。"
        );
        let (_, h) = sums("清理规范性文件80件，其中保留60件、修改8件、废止10件。");
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(
            h[0].message.contains("78（60 + 8 + 10）"),
            "{}",
            h[0].message
        );
    }

    #[test]
    fn approximate_and_loose_totals_get_a_tolerance() {
        // 共 and lists ending in 等 only bound the parts from above
        let (_, f) = sums("开展普法讲座20场次、文艺演出10场次，共开展法治宣传活动600场次。");
        assert!(f.is_empty(), "{f:?}");
        let (_, g) = sums("查处商标侵权5起、专利侵权6起等，合计查处案件30起。");
        assert!(g.is_empty(), "{g:?}");
        // 260余 + 30 can be 295
        let (_, h) = sums("培训执法人员260余人、法律顾问30人，合计295人。");
        assert!(h.is_empty(), "{h:?}");
        let (_, k) = sums("培训执法人员260余人、法律顾问30人，合计320人。");
        assert_eq!(k.len(), 1, "{k:?}");
        assert!(k[0].fixes.is_empty(), "no exact fix for an approximate sum");
    }

    #[test]
    fn different_units_and_dimensions_are_not_added() {
        for body in [
            "对全县82家单位开展法治督察4轮次，其中对9个镇开展重点督察。",
            "共开展法律咨询、援助等服务387件次，成功调解纠纷593件。",
            "受理案件120件，办结118件，共涉及当事人230件。",
            "共受理行政复议案件23件，已办结19件，其中调解结案1件，终止6件，纠错4件。",
            "全县注册监管人员1080人，其中执法人员1062多人。",
            "共办理案件100件，其中行政复议60件、行政诉讼40件，胜诉35件。",
            "受理复议案件46件，同比增长12件，其中维持28件、撤销15件。",
        ] {
            let (_, f) = sums(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn full_width_chinese_and_scaled_totals_are_fixed_in_their_own_style() {
        let (text, f) = sums("受理１２件、转办３件，合计１６件。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(apply(&text, &f[0].fixes[0]).contains("合计１５件"));
        let (text, g) = sums("新增线上办件1.2万件、线下办件0.35万件，合计1.9万件。");
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(apply(&text, &g[0].fixes[0]).contains("合计1.55万件"));
        let (text, h) = sums("开展培训十二场次、演练十八场次，合计二十一场次。");
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(apply(&text, &h[0].fixes[0]).contains("合计三十场次"));
    }

    #[test]
    fn totals_in_chinese_numerals_and_mixed_multipliers_keep_their_units() {
        let (_, f) = sums("新建调解室：社区调解室九个、企业调解室一百零六个，合计一百一十七个。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].message,
            "合计应为 一百一十五（九 + 一百零六），文中写的是 一百一十七。"
        );
        let (text, g) = sums("落实专项资金0.8亿元，其中县本级财政0.2亿元、上级补助0.3亿元。");
        assert_eq!(g.len(), 1, "{g:?}");
        assert_eq!(
            g[0].message,
            "总数应为 0.5亿元（0.2亿元 + 0.3亿元），文中写的是 0.8亿元。"
        );
        assert!(apply(&text, &g[0].fixes[0]).contains("落实专项资金0.5亿元"));
        // written to one decimal of 亿 (±500万 each), 0.2亿 + 0.4亿 may be 0.5亿
        assert!(
            sums("落实专项资金0.5亿元，其中县本级财政0.2亿元、上级补助0.4亿元。")
                .1
                .is_empty()
        );
        // 3亿 against 1亿 + 2万: the units say how far apart they are
        let (_, h) = sums("争取债券资金1亿元、专项补助2万元，合计3亿元。");
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(
            h[0].message,
            "合计应为 1.0002亿元（1亿元 + 2万元），文中写的是 3亿元。"
        );
        let (_, k) = sums("化解债务4.1亿元，其中通过财政资金化解4.3亿元。");
        assert_eq!(k.len(), 1, "{k:?}");
        assert_eq!(
            k[0].message,
            "其中的 4.3亿元 超过了总数 4.1亿元：其中的分项不能多于总数。"
        );
        // a total in 万 against parts in 万 and 千
        let (_, m) = sums("发放宣传资料1.5万份、海报3千份，合计1.8万份。");
        assert!(m.is_empty(), "{m:?}");
    }

    #[test]
    fn a_table_total_row_is_checked_column_by_column() {
        // tab-separated, as pasted from a spreadsheet
        let tab = "单位\t检查（次）\t处罚（件）\t罚款（万元）\n县应急管理局\t120\t35\t48.5\n县交通运输局\t260\t71\t32.1\n县农业农村局\t95\t12\t6.4\n合计\t475\t116\t87.0";
        let (text, f) = sums(tab);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "116");
        assert_eq!(
            f[0].message,
            "合计行“处罚（件）”应为 118（35 + 71 + 12），文中写的是 116。"
        );
        assert!(apply(&text, &f[0].fixes[0]).contains("合计\t475\t118\t87.0"));
        // aligned with spaces
        let spaces = "街道          受理      办结\n城南街道        64        61\n城北街道        52        52\n合计           116       114";
        let (_, g) = sums(spaces);
        assert_eq!(g.len(), 1, "{g:?}");
        assert_eq!(
            g[0].message,
            "合计行“办结”应为 113（61 + 52），文中写的是 114。"
        );
        // a Markdown table with a 合计 column
        let md = "| 领域 | 复议 | 诉讼 | 合计 |\n|---|---|---|---|\n| 自然资源 | 12 | 8 | 20 |\n| 市场监管 | 6 | 5 | 12 |";
        let (_, h) = sums(md);
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(
            h[0].message,
            "“市场监管”一行的合计应为 11（6 + 5），文中写的是 12。"
        );
        // 小计 rows: the 合计 adds the 小计 rows and the rows after the last one
        let sub = "单位\t件数\n甲镇\t10\n乙镇\t12\n小计\t22\n丙局\t5\n合计\t27";
        assert!(sums(sub).1.is_empty());
        let sub_wrong = "单位\t件数\n甲镇\t10\n乙镇\t12\n小计\t23\n丙局\t5\n合计\t28";
        let (_, k) = sums(sub_wrong);
        assert_eq!(k.len(), 1, "the 小计 is wrong, the 合计 adds up: {k:?}");
        assert!(k[0].message.starts_with("小计行“件数”应为 22"));
    }

    #[test]
    fn tables_without_totals_or_with_rates_are_left_alone() {
        for body in [
            "单位\t受理\t办结\n甲局\t10\t9\n乙局\t12\t12\n丙局\t7\t7",
            "| 指标 | 2023年 | 2024年 |\n|---|---|---|\n| 复议案件（件） | 98 | 120 |\n| 纠错率 | 10.2% | 11.8% |\n| 合计 | 1 | 2 |",
            "部门      办结率\n甲局      98.0%\n乙局      96.0%\n合计      97.0%",
            // a 其中 row is inside the row above it, not another part
            "类别\t件数\n行政处罚\t40\n其中：简易程序\t25\n行政强制\t10\n合计\t50",
        ] {
            let (_, f) = sums(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn the_pending_rest_belongs_to_the_parent_not_to_the_breakdown() {
        // 受理 = 审结 + 其余; the breakdown of 审结 need not include what is still pending
        for body in [
            "全年受理行政复议案件64件，审结57件，其中维持40件、撤销5件、驳回8件、终止4件，其余7件正在审理中。",
            "全年受理行政复议案件64件，审结57件（其中维持40件、撤销5件、驳回8件、终止4件），其余7件正在审理中。",
            "全年受理行政复议案件64件，审结57件，其中维持40件、撤销5件，其余7件正在审理中。",
        ] {
            let (_, f) = sums(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
        let (_, f) = sums(
            "全年受理行政复议案件66件，审结57件，其中维持40件、撤销5件、驳回8件、终止4件，其余7件正在审理中。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].message, "受理数应为 64（57 + 7），文中写的是 66。");
        // also for a 承办 (工单) total
        let (_, g) = sums("全年承办便民热线工单530件，已办结512件，其余16件正在办理中。");
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(g[0].message.starts_with("承办数应为 528（512 + 16）"));
    }

    #[test]
    fn a_count_within_an_earlier_part_is_not_another_part() {
        // 出庭应诉 counts within the cases that required appearance (profile rate data)
        for body in [
            "全年一审行政诉讼案件53件，其中法院开庭审理38件，行政机关负责人出庭应诉38件，出庭应诉率100%。",
            "全年一审行政诉讼案件53件，其中法院通知负责人出庭的38件，负责人出庭应诉37件。",
            // a later figure larger than the total is another dimension, not a part
            "全年新设立经营主体3120户，其中企业906户，年末全区实有经营主体3.6万户。",
        ] {
            let (_, f) = sums(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
        // in a 、-list every figure is a part: real excess is still found
        let (_, g) = sums("全年一审行政诉讼案件53件，其中败诉3件、撤诉55件。");
        assert_eq!(g.len(), 1, "{g:?}");
    }

    #[test]
    fn a_breakdown_naming_every_member_of_a_partition_must_add_up() {
        let (_, f) =
            sums("全年新增市场主体4120户，其中，企业985户、个体工商户3020户、农民专业合作社96户。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].message,
            "总数应为 4101（985 + 3020 + 96），文中写的是 4120。"
        );
        let (_, g) = sums(
            "全市共办理行政复议案件812件，其中，市政府办理287件、各县（市、区）政府办理519件。",
        );
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(g[0].message.starts_with("总数应为 806（287 + 519）"));
        // naming only some members leaves room for the others
        for body in [
            "全年新增市场主体4120户，其中企业985户、个体工商户3020户。",
            "办理法律援助案件640件，其中民事案件410件、刑事案件200件。",
        ] {
            let (_, f) = sums(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn a_breakdown_across_a_full_stop() {
        let (_, f) = sums(
            "对本级规范性文件开展专项清理，共清理93件。其中，继续有效70件、修改9件、废止11件。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].message, "总数应为 90（70 + 9 + 11），文中写的是 93。");
        let (_, g) = sums("共清理90件。其中，继续有效70件、修改9件、废止11件。");
        assert!(g.is_empty(), "{g:?}");
    }

    #[test]
    fn a_remainder_names_itself_first() {
        // 其他 in passing does not make the list complete
        let (_, f) = sums("全年收到申请60件，其中受理48件、告知向其他机关提出5件。");
        assert!(f.is_empty(), "{f:?}");
        let (_, g) = sums("全年收到申请60件，其中受理48件、其他5件。");
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(g[0].message.starts_with("总数应为 53（48 + 5）"));
        // summary and ordinary procedure are every penalty case
        let (_, h) = sums("全年办理行政处罚案件64件，其中适用简易程序25件、适用普通程序36件。");
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(h[0].message.starts_with("总数应为 61（25 + 36）"));
    }

    #[test]
    fn a_list_of_the_totals_kinds_that_falls_short_is_a_note() {
        let (text, f) = sums(
            "全区共有律师事务所二十六家，其中合伙制律师事务所十七家、个人律师事务所五家、国资律师事务所三家。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::finding::Severity::Information);
        assert_eq!(f[0].span.text(&text), "二十六家");
        assert_eq!(
            f[0].message,
            "其中所列3类律师事务所之和为 二十五（十七 + 五 + 三），少于总数 二十六：如果所列已是全部类别，请核对总数和分项；如果还有未列出的类别，可写明“其他……”。"
        );
        // no quick fix: the total may be right and a kind left out
        assert!(f[0].fixes.is_empty());
        assert_eq!(f[0].related.len(), 3);
        // amounts in 亿 and 万 are added in one unit
        let (text, f) = sums(
            "全年追回违规资金1.85亿元，其中追回财政专项资金1.2亿元、追回社保基金资金4300万元。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "1.85亿元");
        assert!(f[0].message.contains("之和为 1.63亿元"), "{f:?}");
    }

    #[test]
    fn lists_that_only_highlight_some_parts_are_not_noted() {
        for body in [
            // one part only
            "全年办理行政处罚案件57件，其中适用简易程序案件21件。",
            // parts of different kinds of things (干部, 人员): highlights
            "全年培训干部职工500人次，其中领导干部120人次、执法人员200人次。",
            // the parts do not name the total's noun
            "全年受理行政复议案件46件，其中维持28件、撤销5件。",
            // the same kind twice is not a list of kinds
            "全年开展法治讲座30场，其中法治讲座12场、法治讲座10场。",
            // kinds that add up
            "全县共有人民调解委员会236个，其中乡镇人民调解委员会14个、村（社区）人民调解委员会215个、行业性专业性人民调解委员会7个。",
            // within what the approximate total allows
            "全年培训执法人员约600人次，其中镇级执法人员180人次、村级执法人员410人次。",
        ] {
            let (_, f) = sums(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn parts_named_after_fenbiewei_or_by_sex_must_add_up() {
        let (text, f) = sums(
            "全县共有人民调解委员会240个，分别为乡镇人民调解委员会14个、村（社区）人民调解委员会215个、行业性专业性人民调解委员会7个。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.text(&text), "240个");
        assert_eq!(
            f[0].message,
            "总数应为 236（14 + 215 + 7），文中写的是 240。"
        );
        let (_, g) = sums("全县共有持证执法人员1260人，其中男性执法人员820人、女性执法人员430人。");
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(g[0].message.starts_with("总数应为 1250"), "{g:?}");
        for body in [
            "全县共有人民调解委员会236个，分别为乡镇人民调解委员会14个、村（社区）人民调解委员会215个、行业性专业性人民调解委员会7个。",
            // 分别为 matching bare numbers to names listed before: not a breakdown of 37
            "全年收到行政复议申请94件、行政应诉案件37件，审结分别为90件、35件。",
            "全年审结行政诉讼案件100件，其中一审、二审分别为80件、15件。",
            // 分别为 after a change: another dimension
            "全年受理行政复议案件46件、行政应诉案件30件，较上年分别增加案件12件、5件。",
            // one sex only: a highlight
            "全县共有持证执法人员1260人，其中女性执法人员430人。",
        ] {
            let (_, f) = sums(body);
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }
}
