//! The interface language, at the bottom of the crate so every layer can
//! name it: domain types offer `label(lang)` rather than paired methods.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The Chinese or the English of one phrase.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn is_en(self) -> bool {
        self == Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_follows_the_language() {
        assert_eq!(Lang::Zh.pick("是", "yes"), "是");
        assert_eq!(Lang::En.pick("是", "yes"), "yes");
        assert!(Lang::En.is_en() && !Lang::Zh.is_en());
    }
}
