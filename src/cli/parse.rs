//! `corpus-lens parse`: UPOS, lemmas and dependency trees as CoNLL-U.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use corpus_lens::read::ReadOptions;
use corpus_lens::syntax::{conllu, text, Model, Scratch};
use corpus_lens::{tables, Error};

#[derive(Args)]
pub(crate) struct ParseArgs {
    /// Text files to tokenize, split into sentences and parse (`-` reads standard input).
    #[arg(required_unless_present = "conllu", conflicts_with = "conllu")]
    inputs: Vec<PathBuf>,
    /// Parse a CoNLL-U file instead, keeping its tokenization (`-` reads standard input).
    #[arg(long, value_name = "FILE")]
    conllu: Option<PathBuf>,
    /// The model file (default: the shipped models/en_ewt.syntax).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Write the CoNLL-U here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Tag and lemmatize only (HEAD and DEPREL left as they are).
    #[arg(long)]
    no_parse: bool,
    /// Replace invalid UTF-8 in text files with U+FFFD instead of failing.
    #[arg(long)]
    lossy: bool,
}

pub(crate) fn run(args: &ParseArgs) -> Result<(), Error> {
    let model = match &args.model {
        Some(path) => Model::load(path)?,
        None => Model::load_default()?,
    };
    // `--out -` is standard output, as `-` is standard input.
    match args.out.as_ref().filter(|p| p.as_path() != Path::new("-")) {
        Some(path) => {
            let inputs: Vec<PathBuf> = (args.inputs.iter().chain(&args.conllu))
                .filter(|i| i.as_path() != Path::new("-"))
                .cloned()
                .collect();
            // Into a temporary file renamed into place: a run that fails leaves what was
            // there.
            tables::write_file_atomically(path, &inputs, |file| {
                let mut out = BufWriter::new(file);
                write_parses(args, &model, &mut out, path)?;
                out.flush().map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })
            })
        }
        None => {
            let target = PathBuf::from("-");
            let mut out = BufWriter::new(io::stdout().lock());
            write_parses(args, &model, &mut out, &target)?;
            out.flush().map_err(|source| Error::Io {
                path: target,
                source,
            })
        }
    }
}

/// Parses the inputs into `out` (`target` names it in errors).
fn write_parses<W: Write>(
    args: &ParseArgs,
    model: &Model,
    out: &mut W,
    target: &Path,
) -> Result<(), Error> {
    let fail = |e: io::Error| Error::Io {
        path: target.to_path_buf(),
        source: e,
    };
    let mut scratch = Scratch::default();
    let parse = !args.no_parse;
    if let Some(path) = &args.conllu {
        for mut sentence in conllu::read_file(path)? {
            model.annotate(&mut sentence, parse, &mut scratch);
            conllu::write_sentence(out, &sentence).map_err(fail)?;
        }
    } else {
        let options = ReadOptions {
            lossy: args.lossy,
            ..ReadOptions::default()
        };
        let mut written = Ok(());
        for input in &args.inputs {
            let mut id = 0usize;
            text::read_text(input, &options, |sentences| {
                for sentence in sentences.iter_mut() {
                    id += 1;
                    if written.is_err() {
                        return;
                    }
                    sentence
                        .comments
                        .insert(0, format!("# sent_id = {}-{id}", input.display()));
                    model.annotate(sentence, parse, &mut scratch);
                    written = conllu::write_sentence(out, sentence);
                }
            })?;
            std::mem::replace(&mut written, Ok(())).map_err(fail)?;
        }
    }
    Ok(())
}
