//! The words of a department's obligation in the detail pane, and of what needs it.

use super::Strings;
use crate::meeting::attention::NeedCounts;
use crate::progress::deadline::Deadline;
use crate::progress::{Decision, Extension, MeetingDecision, Review};

/// A department's obligation in the detail pane: its deadline and source,
/// its review, the meeting's decision, its extension.
impl Strings {
    /// "时限 2022-01-31 调度会定 · 逾期20天 · 申请延至 2022-03-31", or
    /// "未明确时限" without a date anywhere.
    pub fn obligation(&self, d: Option<&Deadline>, days_late: i64) -> String {
        let Some(d) = d else {
            return if self.zh() {
                "未明确时限"
            } else {
                "no deadline set"
            }
            .into();
        };
        let mut line = if self.zh() {
            format!("时限 {} {}", d.date, d.source.label(self.lang))
        } else {
            format!("due {} ({})", d.date, d.source.label(self.lang))
        };
        if days_late > 0 {
            line.push_str(&format!(" · {}", self.days(-days_late)));
        }
        if let Some(r) = d.requested {
            line.push_str(&if self.zh() {
                format!(" · 申请延至 {r}")
            } else {
                format!(" · asks for {r}")
            });
        }
        line
    }

    /// Names joined, or when that is wider than `cells`, the first and how
    /// many in all ("审批局等2个", "approval +1").
    pub fn names_within(&self, names: &[&str], cells: usize) -> String {
        let all = names.join(self.list_sep);
        match names {
            [first, _, ..] if crate::text::width(&all) > cells => {
                if self.zh() {
                    format!("{first}等{}个", names.len())
                } else {
                    format!("{first} +{}", names.len() - 1)
                }
            }
            _ => all,
        }
    }

    /// The header's word for what needs the acting department, with the key
    /// that lists it: "待办2：退办1 逾期1 [t]" (reasons that hold only; an
    /// item may have two).
    pub fn need_counts(&self, c: &NeedCounts) -> String {
        let zh = self.zh();
        let parts: Vec<String> = [
            (c.returned, "退办", "returned"),
            (c.decision, "新意见", "decided"),
            (c.overdue, "逾期", "late"),
            (c.due_soon, "临期", "soon"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, z, e)| {
            if zh {
                format!("{z}{n}")
            } else {
                format!("{e} {n}")
            }
        })
        .collect();
        match (zh, parts.is_empty()) {
            (true, true) => "待办0 [t]".into(),
            (false, true) => "to do 0 [t]".into(),
            (true, false) => format!("待办{}：{} [t]", c.items, parts.join(" ")),
            (false, false) => format!("to do {}: {} [t]", c.items, parts.join(", ")),
        }
    }

    /// The filter chip for a department's to-do list.
    pub fn todo_of(&self, dept: &str) -> String {
        if self.zh() {
            format!("{dept}待办")
        } else {
            format!("{dept} to do")
        }
    }

    /// 已报结待确认 / 已销号（王主任） / 退办（王主任）：reason; `None` without a review.
    pub fn review_state(&self, r: &Review) -> Option<String> {
        let zh = self.zh();
        Some(match r {
            Review::None => return None,
            Review::Reported(_) if zh => "已报结待确认".into(),
            Review::Reported(_) => "reported, awaiting confirmation".into(),
            Review::Confirmed(s) if zh => format!("已销号（{}）", s.by),
            Review::Confirmed(s) => format!("struck off by {}", s.by),
            Review::Returned { stamp, reason } if zh => {
                format!("退办（{}）：{reason}", stamp.by)
            }
            Review::Returned { stamp, reason } => {
                format!("returned by {}: {reason}", stamp.by)
            }
        })
    }

    /// 督办意见（2022年1月调度会）：限期完成 · 调度会定时限 2022-01-31
    pub fn decision(&self, d: &MeetingDecision) -> String {
        let mut line = if self.zh() {
            format!("督办意见（{}）：{}", d.meeting, d.opinion)
        } else {
            format!("decision ({}): {}", d.meeting, d.opinion)
        };
        if let Some(due) = d.due {
            line.push_str(&if self.zh() {
                format!(" · 调度会定时限 {due}")
            } else {
                format!(" · deadline set by the meeting {due}")
            });
        }
        line
    }

    /// 延期申请至 D（待审批 / 已同意 / 未同意：reason）：the department's reason.
    pub fn extension(&self, x: &Extension) -> String {
        let zh = self.zh();
        let state = match (&x.decision, zh) {
            (Decision::Pending, true) => "待审批".to_string(),
            (Decision::Pending, false) => "pending".to_string(),
            (Decision::Approved(s), true) => format!("已同意（{}）", s.by),
            (Decision::Approved(s), false) => format!("approved by {}", s.by),
            (Decision::Rejected { stamp, reason }, true) => {
                format!("未同意（{}）：{reason}", stamp.by)
            }
            (Decision::Rejected { stamp, reason }, false) => {
                format!("rejected by {}: {reason}", stamp.by)
            }
        };
        if zh {
            format!("延期申请至 {}（{}）· {state}", x.date, x.reason)
        } else {
            format!("extension to {} ({}) · {state}", x.date, x.reason)
        }
    }
}
