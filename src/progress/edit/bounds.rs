//! How long each text of an entry may be: one rule, applied by [`apply`]
//! (super::apply), so the board, `set`, `ingest`, `review decide` and undo's
//! replays all refuse the same text the same way.
//!
//! The limits are far above what a clerk writes (a note is a paragraph, a
//! step a line) and far below what the readers refuse: with every text at
//! its limit and every character escaped, a record stays under the history's
//! line limit and a ledger of a plan's worth of entries under the data
//! file limit (see `a_full_entry_fits_the_readers` below).

use super::{EditError, Op};
use crate::progress::model::{Entry, MAX_STEPS};

/// One kind of text an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Note,
    Step,
    Reason,
    Progress,
    Opinion,
    /// A meeting's or a person's name.
    Name,
}

impl Text {
    /// The most characters (Unicode scalar values) it may hold.
    pub const fn limit(self) -> usize {
        match self {
            Text::Note => 2000,
            Text::Step => 200,
            Text::Reason | Text::Progress => 1000,
            Text::Opinion => 2000,
            Text::Name => 60,
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Text::Note => "备注",
            Text::Step => "分解步骤",
            Text::Reason => "理由",
            Text::Progress => "进展情况",
            Text::Opinion => "督办意见",
            Text::Name => "名称",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Text::Note => "the note",
            Text::Step => "a step's text",
            Text::Reason => "the reason",
            Text::Progress => "the progress so far",
            Text::Opinion => "the decision (opinion)",
            Text::Name => "the name",
        }
    }

    /// Refuses a text over the limit, saying which and by how much, in
    /// Chinese first (the clerk's language) and English after.
    pub fn check(self, s: &str) -> Result<(), EditError> {
        let n = s.chars().count();
        let limit = self.limit();
        if n <= limit {
            return Ok(());
        }
        Err(EditError::Invalid(format!(
            "{}过长：{n} 字，上限 {limit} 字，请精简后再保存；未作任何修改 \
             ({} is {n} characters long, more than the {limit}-character limit; nothing was changed)",
            self.zh(),
            self.en()
        )))
    }
}

/// Checks every text an action carries, before it touches the entry.
pub fn check_op(op: &Op) -> Result<(), EditError> {
    match op {
        Op::SetNote(n) => Text::Note.check(n),
        Op::AddStep { text, .. } | Op::SetStepText { text, .. } => Text::Step.check(text),
        Op::Return { reason } | Op::RejectExtension { reason } => Text::Reason.check(reason),
        Op::RequestExtension {
            reason, progress, ..
        } => {
            Text::Reason.check(reason)?;
            Text::Progress.check(progress)
        }
        Op::MeetingDecision {
            meeting, opinion, ..
        } => {
            Text::Name.check(meeting)?;
            Text::Opinion.check(opinion)
        }
        _ => Ok(()),
    }
}

/// Refuses a step beyond the most an entry may hold.
pub fn check_steps(e: &Entry) -> Result<(), EditError> {
    if e.steps.len() <= MAX_STEPS {
        return Ok(());
    }
    Err(EditError::Invalid(format!(
        "分解步骤过多：上限 {MAX_STEPS} 条，请合并或删除已完成的步骤；未作任何修改 \
         (an entry holds at most {MAX_STEPS} steps; nothing was changed)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::model::{
        Decision, Extension, MeetingDecision, Review, Stamp, Status, Step,
    };

    #[test]
    fn each_text_is_refused_one_past_its_limit() {
        for t in [
            Text::Note,
            Text::Step,
            Text::Reason,
            Text::Progress,
            Text::Opinion,
            Text::Name,
        ] {
            let at = "字".repeat(t.limit());
            assert!(t.check(&at).is_ok());
            let e = t.check(&format!("{at}x")).unwrap_err().to_string();
            assert!(e.contains(&format!("上限 {} 字", t.limit())), "{e}");
            assert!(e.contains(t.zh()), "{e}");
        }
    }

    /// The bound that makes "never write a file duban would refuse" true
    /// without a plan-size assumption per text: the biggest entry, every
    /// character one that JSON and RON escape (6 bytes), in both writers.
    #[test]
    fn a_full_entry_fits_the_readers() {
        let worst = |t: Text| "\u{1}".repeat(t.limit());
        let stamp = Stamp {
            by: worst(Text::Name),
            at: chrono::Utc::now(),
        };
        let e = Entry {
            status: Status::InProgress,
            note: worst(Text::Note),
            steps: (1..=MAX_STEPS as u32)
                .map(|id| Step {
                    id,
                    text: worst(Text::Step),
                    status: Status::Done,
                    date: None,
                })
                .collect(),
            review: Review::Returned {
                stamp: stamp.clone(),
                reason: worst(Text::Reason),
            },
            extension: Some(Extension {
                reason: worst(Text::Reason),
                date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                progress: worst(Text::Progress),
                requested: stamp.clone(),
                decision: Decision::Rejected {
                    stamp: stamp.clone(),
                    reason: worst(Text::Reason),
                },
            }),
            decision: Some(MeetingDecision {
                meeting: worst(Text::Name),
                opinion: worst(Text::Opinion),
                due: None,
                stamp: stamp.clone(),
            }),
            updated: Some(stamp),
            ..Entry::default()
        };
        let ron = ron::to_string(&e).unwrap().len();
        let json = serde_json::to_string(&e).unwrap().len();
        // A history record carries one field's old and new value.
        assert!(
            2 * json < crate::progress::history::MAX_LINE_BYTES,
            "{json}"
        );
        // A department assigned every measure of a plan of 200 (the
        // default plan has 140); bigger plans meet the writer's own check.
        assert!(
            200 * ron < crate::progress::store::MAX_FILE_BYTES as usize,
            "{ron}"
        );
    }
}
