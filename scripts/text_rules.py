"""The text rules of docs/text.md re-implemented in Python, independently of the Rust code: the
paragraphs, normalization and tokens that corpus-lens counts. Shared by the scripts that
check corpus-lens against an independent implementation (collocation_crosscheck.py,
check_lexicons.py)."""
import re
import unicodedata

FOLD = {**{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032"},
        **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
        **{c: "-" for c in "\u2010\u2011"},
        **{c: "--" for c in "\u2013\u2014\u2015\u2212"},
        **{c: "" for c in "\u00ad\u200b\ufeff"}}
LETTER = r"[^\W\d_]"   # \w minus digits and underscore
CORE = r"[^\W_]"       # letters and digits
MARK = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
# A run of letters/digits; a single ' joins after a letter or digit and before a letter;
# a single - joins between two letters ("--" never joins: its first - is not before a letter).
TOKEN = re.compile(rf"{CORE}(?:{CORE}|{MARK}|(?<={CORE})'(?={LETTER})|(?<={LETTER})-(?={LETTER}))*")
LINE_END_HYPHEN = re.compile(rf"({LETTER})-(?:\r\n|\r|\n)[ \t]*({LETTER})")


def paragraphs(text):
    """Maximal runs of non-blank lines (blank: only spaces, tabs, VT, FF)."""
    paras, current = [], []
    for line in re.split(r"\r\n|\r|\n", text):
        if line.strip(" \t\x0b\x0c"):
            current.append(line)
        elif current:
            paras.append("\n".join(current))
            current = []
    if current:
        paras.append("\n".join(current))
    return paras


def normalize(para):
    def dehyphen(m):
        a, b = m.group(1), m.group(2)
        return a + b if a.islower() and b.islower() else a + "-" + b
    para = LINE_END_HYPHEN.sub(dehyphen, para)
    para = "".join(FOLD.get(c, c) for c in para)
    para = unicodedata.normalize("NFKC", para)
    return "".join(FOLD.get(c, c) for c in para)   # NFKC may produce foldable characters


def counted_tokens(para):
    """Lowercased word tokens of a paragraph; number tokens (holding a digit) are dropped."""
    toks = (m.group() for m in TOKEN.finditer(normalize(para)))
    return [t.lower() for t in toks if not any(c.isnumeric() for c in t)]
