//! Changing `config.ron` from duban (`duban users add|remove`): under the
//! data dir's lock, from the file as it is on disk then, written with the
//! temp-file-then-rename writer. A config.ron that does not parse is never
//! overwritten: the change is refused with the file's line and column.

use super::format::{parse_ron, pretty_ron};
use super::{CONFIG_FILE, Store, read_text};
use crate::progress::edit::Who;
use crate::progress::error::StoreError;
use crate::progress::identity::Config;
use crate::progress::store::atomic::{Install, write_atomic};

impl Store {
    /// Re-reads config.ron under the lock, lets `change` edit it, and writes
    /// it back when `change` returns `Ok`. `by` names the holder of the lock.
    /// Returns the config as written.
    pub fn update_config<E>(
        &self,
        by: &Who,
        change: impl FnOnce(&mut Config) -> Result<(), E>,
    ) -> Result<Result<Config, E>, StoreError> {
        let lock = self.lock(by)?;
        let path = self.dir.join(CONFIG_FILE);
        let mut config: Config = match read_text(&path, None)? {
            None => Config::default(),
            Some(text) => parse_ron(&path, None, &text)?,
        };
        if let Err(e) = change(&mut config) {
            return Ok(Err(e));
        }
        let text = pretty_ron(
            &config,
            "duban config — coordinators, due_soon_days, users (user name → Dept(id) or Coordinator(name)). Written by duban users; hand edits are kept, but comments are not.",
        );
        write_atomic(&path, text.as_bytes(), Install::Replace).map_err(|e| StoreError::Io {
            file: path.clone(),
            op: e.step.verb(),
            kind: e.error.kind(),
            message: e.error.to_string(),
            hint: None,
        })?;
        drop(lock);
        Ok(Ok(config))
    }
}
