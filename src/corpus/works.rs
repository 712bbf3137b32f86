//! Checks across a corpus's documents that make notes, not errors.

use std::collections::HashSet;

use super::Document;

/// A note for each `same_work_as` that names no document of the corpus: legitimate when only
/// part of a corpus is read, but a misspelt id would silently leave the other version of the
/// work in the `rest` a document is compared with.
pub(super) fn unknown_works(documents: &[Document]) -> Vec<String> {
    let ids: HashSet<&str> = documents.iter().map(|d| d.id.as_str()).collect();
    (documents.iter())
        .filter_map(|d| Some((d, d.same_work_as.as_deref()?)))
        .filter(|(_, other)| !ids.contains(other))
        .map(|(d, other)| {
            format!(
                "document '{}': same_work_as '{other}' is no document of this corpus, so                  comparisons with the rest keep every other document (check the id)",
                d.id
            )
        })
        .collect()
}
