//! What the stance scorer uses: the verb lexicon and the model.

use crate::framing::stance::model::StanceModel;
use crate::framing::stance::verbs::VerbLexicon;

/// What the stance scorer uses: the verb lexicon, and the model (none when only the
/// features are wanted, to fit one).
///
/// ```
/// use corpus_lens::framing::stance::{StanceSetup, StanceModel, VerbLexicon};
/// let setup = StanceSetup { verbs: VerbLexicon::load_default()?, model: Some(StanceModel::load_default()?), keep_features: false };
/// assert!(setup.model.is_some());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct StanceSetup {
    /// Verbs with role polarity.
    pub verbs: VerbLexicon,
    /// The model that weighs the features.
    pub model: Option<StanceModel>,
    /// Keep each mention's features ([`crate::framing::ScoredMention::features`]), to fit a
    /// model on them.
    pub keep_features: bool,
}

impl StanceSetup {
    /// The shipped verb lexicon and model.
    ///
    /// ```
    /// let setup = corpus_lens::framing::stance::StanceSetup::load_default()?;
    /// assert!(setup.model.is_some() && !setup.keep_features);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> crate::error::Result<StanceSetup> {
        Ok(StanceSetup {
            verbs: VerbLexicon::load_default()?,
            model: Some(StanceModel::load_default()?),
            keep_features: false,
        })
    }
}
