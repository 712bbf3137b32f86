#!/usr/bin/env python3
"""Measures candidate stance signals by leave-one-book-out cross-validation (docs/framing.md,
"Signals tried"). Needs scikit-learn, pandas, scipy.

    corpus-lens train-framing --gold corpora/gold/gold.csv --out /tmp/m.csv --features /tmp/f.csv
    python3 scripts/stance_signals.py /tmp/f.csv fac author ...   # names: see EXPERIMENTS

Each signal is added to the features train-framing dumps; lambda is nested (chosen by
leave-one-book-out within the training books) unless --quick (lambda 0.003). Prints one
markdown row per signal: macro-F1, Spearman, sign accuracy on polar rows, 95% bootstrap
intervals over rows. The author-side experiment reads manifest.toml's author_faction and a
hand camp map: it is measured, not shipped. The dump already holds `fac:` features since
the model weighs them; the table in docs/framing.md was measured on a dump without them
(drop the `fac:` rows of the dump to repeat it).
"""
import sys
FEATURES = sys.argv[1]
GOLD = 'corpora/gold/gold.csv'
import pandas as pd, numpy as np, re, sys, collections
from scipy import sparse
from scipy.stats import spearmanr
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
import warnings; warnings.filterwarnings('ignore')
f=pd.read_csv(FEATURES,keep_default_na=False)
g=pd.read_csv(GOLD,keep_default_na=False)
f['key']=f.document+':'+f.byte_offset.astype(str)
keys=f[['key','document','byte_offset','faction','stance']].drop_duplicates('key').reset_index(drop=True)
keys=keys.merge(g[['document','byte_offset','sentence','previous','voice']],on=['document','byte_offset'],how='left')
base=[dict() for _ in range(len(keys))]
idx={k:i for i,k in enumerate(keys.key)}
for k,fe,v in zip(f.key,f.feature,f.value): base[idx[k]][fe]=float(v)
Y=keys.stance.values.astype(int); G=keys.document.values
LAMBDAS=[0.001,0.003,0.01,0.03,0.1]
WORDP=('l:','r:','prep:','verb:','class:','p:','n:','w:','bg:','dp:','fac:','xa:','dl:','dr:')
def design(rows, tr, min_count=2):
    cnt=collections.Counter()
    for i in tr:
        for k in rows[i]: cnt[k]+=1
    feats=[k for k,c in cnt.items() if c>=min_count or not k.startswith(WORDP)]
    fi={k:j for j,k in enumerate(feats)}
    r,c,d=[],[],[]
    for i,row in enumerate(rows):
        for k,v in row.items():
            j=fi.get(k)
            if j is not None and k!='bias': r.append(i);c.append(j);d.append(v)
    return sparse.csr_matrix((d,(r,c)),shape=(len(rows),len(feats)))
def fit_pred(X,tr,te,lam):
    m=LogisticRegression(C=1.0/(lam*len(tr)),class_weight='balanced',max_iter=300)
    m.fit(X[tr],Y[tr]); return m.predict_proba(X[te])  # classes -1,0,1
def mf1(y,p): return f1_score(y,p,average='macro')
def cv(rows, lambdas=LAMBDAS, nested=True, ret=False):
    books=sorted(set(G)); P=np.zeros((len(rows),3))
    for b in books:
        tr=np.where(G!=b)[0]; te=np.where(G==b)[0]
        X=design(rows,tr)
        if nested and len(lambdas)>1:
            best=None
            for lam in lambdas:
                preds=np.zeros(len(Y)); 
                for b2 in books:
                    if b2==b: continue
                    tr2=np.where((G!=b)&(G!=b2))[0]; te2=np.where(G==b2)[0]
                    X2=design(rows,tr2)
                    preds[te2]=np.array([-1,0,1])[fit_pred(X2,tr2,te2,lam).argmax(1)]
                s=mf1(Y[tr],preds[tr])
                if best is None or s>best[0]: best=(s,lam)
            lam=best[1]
        else: lam=lambdas[0]
        P[te]=fit_pred(X,tr,te,lam)
    return P
def metrics(P, B=1000, seed=1):
    pred=np.array([-1,0,1])[P.argmax(1)]; score=P[:,2]-P[:,0]
    def one(ix):
        y=Y[ix]; pol=y!=0
        return (mf1(y,pred[ix]), spearmanr(score[ix],y)[0], np.mean(np.sign(score[ix][pol])==y[pol]))
    est=one(np.arange(len(Y)))
    rng=np.random.default_rng(seed); bs=np.array([one(rng.integers(0,len(Y),len(Y))) for _ in range(B)])
    lo=np.percentile(bs,2.5,0); hi=np.percentile(bs,97.5,0)
    return est,lo,hi
def report(name,P,B=300):
    est,lo,hi=metrics(P,B)
    s=f"| {name} | {est[0]:.3f} [{lo[0]:.3f}, {hi[0]:.3f}] | {est[1]:.3f} [{lo[1]:.3f}, {hi[1]:.3f}] | {est[2]:.3f} [{lo[2]:.3f}, {hi[2]:.3f}] |"
    print(s, flush=True)
# text helpers
TOK=re.compile(r"[a-z]+(?:'[a-z]+)?")
def split_sent(s):
    a,rest=s.split('[[',1); m,b=rest.split(']]',1)
    return TOK.findall(a.lower()),TOK.findall(m.lower()),TOK.findall(b.lower())
AUTHOR={'trotsky1918':'bolsheviks','reed1919':'bolsheviks','trotsky1918our':'bolsheviks','denikin1922':'whites'}
RED={'bolsheviks','lenin','trotsky','soviets','petrograd_soviet','council_of_peoples_commissars','workers','peasants','red_army','red_guards','military_revolutionary_committee','sailors','left_srs','central_executive_committee','moscow_soviet'}
WHITE={'army','officers','whites','kornilov_counterrevolution','cossacks','kaledinists','cadets','provisional_government','allies','junkers','constituent_assembly','monarchists','tsarism'}
# contempt / class-insult lexicon (period vocabulary), written by hand
CONTEMPT=set('''bourgeois petty traitor traitors treacherous treachery renegade renegades lackey lackeys hireling hirelings henchmen henchman agents agent adventurer adventurers usurper usurpers demagogue demagogues rabble mob gang gangs band bandit bandits brigands scoundrels scum canaille philistine philistines compromisers compromiser conciliators conciliationist servile cowardly cowards coward impotent miserable wretched pitiful pitiable contemptible despicable vile infamous notorious shameful shameless hypocrites hypocrisy hypocritical lies lie liars slander slanderers slanderous provocateurs provocateur counter-revolutionary counterrevolutionary reactionary reactionaries reaction imperialist imperialists imperialism chauvinist chauvinists chauvinism jingo jingoes exploiters exploiting exploitation parasites parasitic so-called pretended pretence alleged self-styled puppets puppet tools tool stooges pogrom pogroms terror terrorists murderers murderer butchers hangmen executioners anarchy chaos disorder looting robbers robbery plunder plundering drunken drunkenness deserters desertion betrayal betrayed betray treason mutinous mutiny rioters fanatics fanatical fanatic doctrinaire sectarian incompetent incapable helpless weak weakness vacillating vacillation hesitating hesitation irresolute feeble bankrupt bankruptcy swindle swindlers speculators profiteers grafters corrupt corruption'''.split())
WE={'we','our','us','ours','ourselves'}
def add(rows_fn):
    out=[]
    for i,r in enumerate(base):
        d=dict(r); rows_fn(i,d); out.append(d)
    return out
SPL=[split_sent(s) for s in keys.sentence]
PREV=[TOK.findall(p.lower()) for p in keys.previous]
def f_prev(i,d):
    for w in set(PREV[i]): d['p:'+w]=1.0
def f_we(i,d):
    a,m,b=SPL[i]
    n=sum(w in WE for w in a+b); 
    if n: d['we_sentence']=1.0
    if any(w in WE for w in a[-6:]+b[:6]): d['we_near']=1.0
    if any(w in WE for w in PREV[i]): d['we_prev']=1.0
    if any(w in ('they','their','them') for w in a[-6:]+b[:6]): d['they_near']=1.0
def f_contempt(i,d):
    a,m,b=SPL[i]
    near=a[-5:]+b[:5]
    c=sum(w in CONTEMPT for w in near); cs=sum(w in CONTEMPT for w in a+b)
    if c: d['contempt_near']=float(c)
    if cs: d['contempt_sentence']=float(cs)
    if any(w in CONTEMPT for w in m): d['contempt_in_mention']=1.0
    if 'bourgeois' in m or 'bourgeoisie' in m: d['class_label']=1.0
def f_fac(i,d): d['fac:'+keys.faction[i]]=1.0
def f_author(i,d):
    a=AUTHOR.get(keys.document[i]); fa=keys.faction[i]
    if a is None: d['author_unknown']=1.0; return
    side='red' if fa in RED else 'white' if fa in WHITE else 'other'
    mine='red' if a=='bolsheviks' else 'white'
    if side==mine: d['author_same']=1.0
    elif side!='other': d['author_opposed']=1.0
def f_bow(k,bigram=False):
    def fn(i,d):
        a,m,b=SPL[i]; L=a[-k:]; R=b[:k]
        for w in set(L+R): d['w:'+w]=1.0
        if bigram:
            seq=L+['<m>']+R
            for x,y in zip(seq,seq[1:]): d['bg:'+x+'_'+y]=1.0
    return fn
def f_mentionwords(i,d):
    a,m,b=SPL[i]
    for w in m: d['mw:'+w]=1.0
def combo(*fns):
    def fn(i,d):
        for f in fns: f(i,d)
    return fn
EXPERIMENTS = {'prev': f_prev, 'we': f_we, 'contempt': f_contempt, 'fac': f_fac,
               'author': f_author, 'bow5': f_bow(5), 'bow5bg': f_bow(5, True),
               'mention_words': f_mentionwords, 'fac+author': combo(f_fac, f_author),
               'fac+contempt': combo(f_fac, f_contempt),
               'fac+contempt+we+bow5': combo(f_fac, f_contempt, f_we, f_bow(5))}
if __name__ == '__main__':
    quick = '--quick' in sys.argv
    names = [a for a in sys.argv[2:] if a != '--quick']
    report('none', cv(base, lambdas=[0.003] if quick else LAMBDAS, nested=not quick))
    for name in names:
        rows = add(EXPERIMENTS[name])
        P = cv(rows, lambdas=[0.003] if quick else LAMBDAS, nested=not quick)
        report(('quick ' if quick else '') + '+' + name, P, B=1000)
