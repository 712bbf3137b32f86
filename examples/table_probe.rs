//! Times building and writing the frequency tables (a probe for performance work).
use corpus_lens::{corpus::Corpus, engine::Analyzer, freq, tables};
use std::time::Instant;

fn main() -> Result<(), corpus_lens::Error> {
    let path = std::env::args().nth(1).expect("usage: table_probe FILE");
    let analysis = Analyzer::default().run(&Corpus::from_inputs(&[path])?)?;
    let o = freq::FreqOptions::default();
    for _ in 0..2 {
        let t = Instant::now();
        let rows = freq::freq_table(&analysis, &o);
        let built = t.elapsed();
        let mut buf = Vec::new();
        tables::write_csv(&mut buf, &tables::FREQ, &rows)?;
        println!(
            "freq: build {:?}, write {:?} ({} rows)",
            built,
            t.elapsed() - built,
            rows.len()
        );
        let t = Instant::now();
        let rows = freq::stems_table(&analysis, &o);
        println!("stems: build {:?} ({} rows)", t.elapsed(), rows.len());
    }
    Ok(())
}
