use super::*;

fn docs() -> Vec<Document> {
    let mut a = Document::bare("a", "a.txt");
    a.author = "Leon Trotsky".into();
    a.year = Some(1918);
    a.author_faction = "bolsheviks".into();
    let mut a2 = Document::bare("a2", "a2.txt");
    a2.same_work_as = Some("a".into());
    a2.year = Some(1919);
    let mut b = Document::bare("b", "b.txt");
    b.author = "A. I. Denikin".into();
    b.year = Some(1922);
    b.author_faction = "whites".into();
    let mut c = Document::bare("c", "c.txt");
    c.year = Some(1919);
    vec![a, a2, b, c]
}

fn ids(docs: &[Document], side: &Side) -> Vec<String> {
    side.documents.iter().map(|&i| docs[i].id.clone()).collect()
}

#[test]
fn rest_leaves_out_the_same_work() {
    let d = docs();
    let c = select(&d, &["a".into()], &[]).unwrap();
    assert_eq!(ids(&d, &c.reference), ["b", "c"]);
    let c = select(&d, &["a2".into()], &[]).unwrap();
    assert_eq!(ids(&d, &c.reference), ["b", "c"]);
    let c = select(&d, &["b".into()], &[]).unwrap();
    assert_eq!(ids(&d, &c.reference), ["a", "a2", "c"]);
}

#[test]
fn fields_and_unions() {
    let d = docs();
    let c = select(
        &d,
        &["year=1919..1922".into()],
        &["author=leon trotsky".into()],
    )
    .unwrap();
    assert_eq!(ids(&d, &c.target), ["a2", "b", "c"]);
    assert_eq!(ids(&d, &c.reference), ["a"]);
    let c = select(
        &d,
        &["author_faction=WHITES".into(), "c".into()],
        &["all".into()],
    );
    assert!(c.unwrap_err().to_string().contains("in both"));
    let c = select(&d, &["author_faction=WHITES".into(), "c".into()], &[]).unwrap();
    assert_eq!(c.target.label, "author_faction=WHITES+c");
    assert_eq!(ids(&d, &c.reference), ["a", "a2"]);
}

#[test]
fn selectors_that_match_nothing_list_the_documents() {
    let d = docs();
    for bad in ["nobody", "id=a,zz", "year=1850", "author_faction=cadets"] {
        let err = select(&d, &[bad.into()], &[]).unwrap_err();
        let msg = err.to_string();
        assert!(err.is_usage(), "{msg}");
        assert!(
            msg.contains(bad) && msg.contains("b (A. I. Denikin, 1922, whites)"),
            "{msg}"
        );
    }
    let err = select(&d, &["rest".into()], &[]).unwrap_err();
    assert!(err.to_string().contains("only the reference"));
    // The rest of everything is empty.
    let err = select(&d, &["all".into()], &[]).unwrap_err();
    assert!(err.to_string().contains("leaves no document"), "{err}");
}

#[test]
fn bad_selectors_are_usage_errors() {
    for bad in ["", "year=19x", "year=1920..1910", "colour=red", "id="] {
        assert!(Selector::parse(bad).unwrap_err().is_usage(), "{bad}");
    }
}

#[test]
fn direction_is_exact() {
    assert_eq!(direction(1, 3, 100, 300), "equal");
    assert_eq!(direction(2, 3, 100, 300), "over");
    assert_eq!(direction(0, 3, 100, 300), "under");
}
