//! What the stance scorer uses: the verb lexicon and the model.

use crate::framing::stance::model::StanceModel;
use crate::framing::stance::verbs::VerbLexicon;

/// What the stance scorer uses: the verb lexicon, and the model (none when only the
/// features are wanted, to fit one).
///
/// ```
/// use corpus_lens::framing::stance::{StanceSetup, StanceModel, VerbLexicon};
/// let setup = StanceSetup { verbs: VerbLexicon::load_default()?, model: Some(StanceModel::load_default()?), syntax: None, keep_features: false };
/// assert!(setup.model.is_some());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Clone)]
pub struct StanceSetup {
    /// Verbs with role polarity.
    pub verbs: VerbLexicon,
    /// The model that weighs the features.
    pub model: Option<StanceModel>,
    /// A dependency parser: with one, every sentence with a mention is parsed and the
    /// parse's signals (relation, governing verb's role polarity, modifiers, predicate) join
    /// the others. Opt-in: it multiplies the framing time several times.
    pub syntax: Option<std::sync::Arc<crate::syntax::Model>>,
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
            syntax: None,
            keep_features: false,
        })
    }
}

impl std::fmt::Debug for StanceSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StanceSetup")
            .field("verbs", &self.verbs.verbs().len())
            .field("model", &self.model.as_ref().map(|m| m.features().len()))
            .field("syntax", &self.syntax.is_some())
            .field("keep_features", &self.keep_features)
            .finish()
    }
}
