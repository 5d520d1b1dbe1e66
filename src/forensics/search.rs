//! Breadth-first search over hypotheses: every single edit, then every
//! pair, then every triple, in a fixed order, each tested by re-signing and
//! comparing with the signature the client sent.
//!
//! Hypotheses are generated in blocks; a block is split across threads in
//! contiguous slices, so "the first match" is the same whatever the thread
//! count. Each worker keeps its own buffer and key cache: nothing in the
//! inner loop allocates once the caches are warm.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use super::fast::{PrefixStates, StsMac, signing_mac};
use super::hypotheses::{Base, Candidate, Edit};

/// Default `--max-hypotheses`: about a second or two on this class of
/// machine, and enough for every triple of the edits a typical request has.
pub const DEFAULT_MAX_HYPOTHESES: u64 = 5_000_000;
/// Edits combined at most.
pub const MAX_TIER: usize = 3;
const BLOCK: usize = 65_536;
/// Below this many hypotheses a second thread costs more than it saves.
const PARALLEL_MIN: usize = 8_192;
/// Marks an unused position of a [`Combo`].
pub const NONE: u16 = u16::MAX;
/// At most this many edits are searched (combo indices are `u16`); the
/// rest are dropped and counted in [`Problem::dropped`].
pub const MAX_EDITS: usize = NONE as usize - 1;
/// The search stops after this long whatever `--max-hypotheses` allows
/// ([`SearchResult::timed_out`]).
pub const MAX_SEARCH_TIME: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub max_hypotheses: u64,
    /// Report every match within the budget instead of stopping at the first.
    pub all: bool,
    pub threads: usize,
    /// Show progress on stderr (only honoured when stderr is a terminal).
    pub progress: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            max_hypotheses: DEFAULT_MAX_HYPOTHESES,
            all: false,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            progress: true,
        }
    }
}

/// What is searched: the server's view, the edits, the secret, the target.
pub struct Problem<'s> {
    pub base: Base,
    pub candidates: Vec<Candidate>,
    touches: Vec<bool>,
    /// Per candidate: which string-to-sign part it changes (0 secret,
    /// 1 scope date, 2 region, 3 service, 4 request time; 255 none) and its
    /// 1-based position among the candidates of that part.
    sts_part: Vec<(u8, u16)>,
    /// Mixed-radix sizes of the string-to-sign parts: a dense key index.
    radix: [usize; 5],
    /// Candidate edits beyond [`MAX_EDITS`], not searched.
    pub dropped: usize,
    prefix: PrefixStates,
    secret: &'s [u8],
    target: [u8; 32],
}

/// One combination of edits, as indices into `Problem::candidates`.
pub type Combo = [u16; MAX_TIER];

#[derive(Debug, Clone)]
pub struct Match {
    pub combo: Combo,
    /// Position in the search order (0 = first hypothesis tried).
    pub index: u64,
}

impl Match {
    pub fn edits(&self) -> impl Iterator<Item = usize> + '_ {
        self.combo
            .iter()
            .filter(|&&i| i != NONE)
            .map(|&i| i as usize)
    }
}

#[derive(Debug, Clone)]
pub struct SearchResult {
    pub matches: Vec<Match>,
    pub tried: u64,
    pub elapsed: Duration,
    /// Every hypothesis up to [`MAX_TIER`] edits was tried.
    pub exhausted: bool,
    /// The largest number of edits combined in a tried hypothesis.
    pub deepest_tier: usize,
    /// Stopped at [`MAX_SEARCH_TIME`].
    pub timed_out: bool,
}

fn tier_of(c: &Combo) -> usize {
    c.iter().filter(|&&i| i != NONE).count()
}

impl<'s> Problem<'s> {
    pub fn new(
        base: Base,
        candidates: Vec<Candidate>,
        secret: &'s [u8],
        target: [u8; 32],
    ) -> Problem<'s> {
        // Never a panic on a huge request: the first edits (generated in
        // order of likelihood) are kept, the rest counted.
        let mut candidates = candidates;
        let dropped = candidates.len().saturating_sub(MAX_EDITS);
        candidates.truncate(MAX_EDITS);
        let mut text = Vec::new();
        render(&base, &[], &mut text);
        let prefix = PrefixStates::new(&text);
        // Order edits by where they change the canonical request (string-
        // to-sign-only edits last). Within a tier this keeps the earliest
        // change outermost, so the texts of its combinations share long
        // prefixes that are hashed once (see `Worker::hash_request`).
        let mut buf = Vec::new();
        let mut keyed: Vec<(usize, Candidate)> = candidates
            .drain(..)
            .map(|c| {
                let pos = if c.edit.touches_request(&base) {
                    render(&base, &[&c.edit], &mut buf);
                    prefix.shared(&buf)
                } else {
                    usize::MAX
                };
                (pos, c)
            })
            .collect();
        keyed.sort_by_key(|(pos, _)| *pos);
        let candidates: Vec<Candidate> = keyed.into_iter().map(|(_, c)| c).collect();
        let touches = candidates
            .iter()
            .map(|c| c.edit.touches_request(&base))
            .collect();
        let mut counts = [0u16; 5];
        let sts_part = candidates
            .iter()
            .map(|c| {
                let part = match c.edit {
                    Edit::Secret(_) => 0,
                    Edit::ScopeDate(_) => 1,
                    Edit::Region(_) => 2,
                    Edit::Service(_) => 3,
                    Edit::AmzDate(_) => 4,
                    _ => return (255, 0),
                };
                counts[part] += 1;
                (part as u8, counts[part])
            })
            .collect();
        Problem {
            dropped,
            radix: counts.map(|n| n as usize + 1),
            sts_part,
            prefix,
            base,
            candidates,
            touches,
            secret,
            target,
        }
    }

    /// Dense index of a string-to-sign key.
    #[inline]
    fn key_index(&self, combo: &Combo) -> usize {
        let mut pos = [0usize; 5];
        for &i in combo {
            if i != NONE {
                let (part, p) = self.sts_part[i as usize];
                if part != 255 {
                    pos[part as usize] = p as usize;
                }
            }
        }
        let mut idx = 0;
        for (p, r) in pos.iter().zip(self.radix) {
            idx = idx * r + p;
        }
        idx
    }

    fn key_space(&self) -> usize {
        self.radix.iter().product()
    }

    /// The canonical request a combination describes.
    pub fn canonical_request(&self, combo: &Combo) -> String {
        let edits: Vec<&Edit> = combo
            .iter()
            .filter(|&&i| i != NONE)
            .map(|&i| &self.candidates[i as usize].edit)
            .collect();
        let mut out = Vec::new();
        render(&self.base, &edits, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// The string to sign a combination describes.
    pub fn string_to_sign(&self, combo: &Combo, canonical_request: &str) -> String {
        let key = self.sts_key(combo);
        let (date, region, service, amz) = self.scope_of(&key);
        format!(
            "AWS4-HMAC-SHA256\n{amz}\n{date}/{region}/{service}/aws4_request\n{}",
            crate::sigv4::sha256_hex(canonical_request.as_bytes())
        )
    }

    fn sts_key(&self, combo: &Combo) -> [u16; 5] {
        let mut key = [NONE; 5];
        for &i in combo.iter().filter(|&&i| i != NONE) {
            let slot = match self.candidates[i as usize].edit {
                Edit::Secret(_) => 0,
                Edit::ScopeDate(_) => 1,
                Edit::Region(_) => 2,
                Edit::Service(_) => 3,
                Edit::AmzDate(_) => 4,
                _ => continue,
            };
            key[slot] = i;
        }
        key
    }

    fn scope_of(&self, key: &[u16; 5]) -> (&str, &str, &str, &str) {
        let pick = |slot: usize| {
            key[slot]
                .ne(&NONE)
                .then(|| &self.candidates[key[slot] as usize].edit)
        };
        let date = match pick(1) {
            Some(Edit::ScopeDate(d)) => d.as_str(),
            _ => self.base.scope_date.as_str(),
        };
        let region = match pick(2) {
            Some(Edit::Region(r)) => r.as_str(),
            _ => self.base.region.as_str(),
        };
        let service = match pick(3) {
            Some(Edit::Service(s)) => s,
            _ => self.base.service.as_str(),
        };
        let amz = match pick(4) {
            Some(Edit::AmzDate(d)) => d.as_str(),
            _ => self.base.amz_date.as_str(),
        };
        (date, region, service, amz)
    }

    fn derive(&self, key: &[u16; 5]) -> StsMac {
        let (date, region, service, amz) = self.scope_of(key);
        let mangled = match (key[0] != NONE).then(|| &self.candidates[key[0] as usize].edit) {
            Some(Edit::Secret(v)) => v.apply(self.secret),
            _ => None,
        };
        let secret = mangled.as_deref().unwrap_or(self.secret);
        let mac = signing_mac(secret, date, region, service);
        let prefix = format!("AWS4-HMAC-SHA256\n{amz}\n{date}/{region}/{service}/aws4_request\n");
        StsMac::new(&mac, prefix.as_bytes())
    }

    fn conflicts(&self, a: u16, b: u16) -> bool {
        self.candidates[a as usize].slot == self.candidates[b as usize].slot
    }
}

/// Writes the canonical request for `base` with `edits` applied into `out`.
pub fn render(base: &Base, edits: &[&Edit], out: &mut Vec<u8>) {
    out.clear();
    let mut method = base.method.as_str();
    let mut uri = base.uri.as_str();
    let mut query = base.query.as_str();
    let mut payload = base.payload.as_str();
    // Header overrides: (name, Some(value)) sets, (name, None) removes.
    let mut ov: [(&str, Option<&str>); MAX_TIER * 2] = [("", None); MAX_TIER * 2];
    let mut n = 0;
    for e in edits {
        match e {
            Edit::Method(m) => method = m,
            Edit::Uri(u) => uri = u,
            Edit::Query(q) => query = q,
            Edit::Payload(p) => payload = p,
            Edit::PayloadAndHeader(p) => {
                payload = p;
                ov[n] = ("x-amz-content-sha256", Some(p));
                n += 1;
            }
            Edit::SetHeader(name, v) => {
                ov[n] = (name, Some(v));
                n += 1;
            }
            Edit::RemoveHeader(name) => {
                ov[n] = (name, None);
                n += 1;
            }
            Edit::AmzDate(d) if base.header("x-amz-date").is_some() => {
                ov[n] = ("x-amz-date", Some(d));
                n += 1;
            }
            _ => {}
        }
    }
    let ov = &mut ov[..n];
    ov.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for part in [method, uri, query] {
        out.extend_from_slice(part.as_bytes());
        out.push(b'\n');
    }
    each_header(base, ov, |name, value| {
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        out.extend_from_slice(value.as_bytes());
        out.push(b'\n');
    });
    out.push(b'\n');
    let mut first = true;
    each_header(base, ov, |name, _| {
        if !first {
            out.push(b';');
        }
        first = false;
        out.extend_from_slice(name.as_bytes());
    });
    out.push(b'\n');
    out.extend_from_slice(payload.as_bytes());
}

/// Walks the signed headers in sorted order with overrides merged in.
fn each_header(base: &Base, ov: &[(&str, Option<&str>)], mut f: impl FnMut(&str, &str)) {
    let mut next_ov = 0;
    for (name, value) in &base.headers {
        while next_ov < ov.len() && ov[next_ov].0 < name.as_str() {
            if let (n, Some(v)) = ov[next_ov] {
                f(n, v);
            }
            next_ov += 1;
        }
        if next_ov < ov.len() && ov[next_ov].0 == name.as_str() {
            if let (n, Some(v)) = ov[next_ov] {
                f(n, v);
            }
            next_ov += 1;
            continue;
        }
        f(name, value);
    }
    for &(n, v) in &ov[next_ov..] {
        if let Some(v) = v {
            f(n, v);
        }
    }
}

/// Tests hypotheses; one per thread, reused across blocks.
pub struct Worker<'p, 's> {
    p: &'p Problem<'s>,
    buf: Vec<u8>,
    /// Dense key index -> position in `macs` (u32::MAX: not derived yet).
    table: Vec<u32>,
    macs: Vec<StsMac>,
    last_req: Combo,
    last_hash: [u8; 32],
    last_key: usize,
    /// Texts of the current first one and two request edits, with their
    /// midstates: a combination's text shares a long prefix with them.
    refs: [PrefixStates; 2],
    ref_for: [Combo; 2],
}

impl<'p, 's> Worker<'p, 's> {
    pub fn new(p: &'p Problem<'s>) -> Self {
        Worker {
            p,
            buf: Vec::with_capacity(p.prefix.base().len() + 512),
            table: vec![u32::MAX; p.key_space()],
            macs: Vec::new(),
            last_req: [NONE - 1; MAX_TIER],
            last_hash: [0; 32],
            last_key: usize::MAX,
            refs: [PrefixStates::new(b""), PrefixStates::new(b"")],
            ref_for: [[NONE - 1; MAX_TIER]; 2],
        }
    }

    /// SHA-256 of the canonical request with request edits `req[..k]`.
    fn hash_request(&mut self, req: &Combo, k: usize) -> [u8; 32] {
        let p = self.p;
        let mut edits: [&Edit; MAX_TIER] = [&Edit::Method("GET"); MAX_TIER];
        for (slot, &i) in edits.iter_mut().zip(&req[..k]) {
            *slot = &p.candidates[i as usize].edit;
        }
        // Reference texts for the leading one and two edits, rebuilt only
        // when the outer edits change (rarely: they are the outer loops).
        for level in 0..2 {
            if k > level + 1 {
                let mut key = [NONE; MAX_TIER];
                key[..=level].copy_from_slice(&req[..=level]);
                if self.ref_for[level] != key {
                    render(&p.base, &edits[..=level], &mut self.buf);
                    self.refs[level].reset(&self.buf);
                    self.ref_for[level] = key;
                }
            }
        }
        render(&p.base, &edits[..k], &mut self.buf);
        let text = &self.buf;
        let mut best = (p.prefix.shared(text), None);
        for level in 0..2 {
            if k > level + 1 {
                let n = self.refs[level].shared(text);
                if n > best.0 {
                    best = (n, Some(level));
                }
            }
        }
        match best.1 {
            None => p.prefix.hash_from(text, best.0),
            Some(level) => self.refs[level].hash_from(text, best.0),
        }
    }

    /// True when the hypothesis reproduces the target signature.
    #[inline]
    pub fn test(&mut self, combo: &Combo) -> bool {
        let p = self.p;
        let mut req: Combo = [NONE; MAX_TIER];
        let mut k = 0;
        for &i in combo {
            if i != NONE && p.touches[i as usize] {
                req[k] = i;
                k += 1;
            }
        }
        if req != self.last_req {
            self.last_hash = self.hash_request(&req, k);
            self.last_req = req;
        }
        let key = p.key_index(combo);
        if key != self.last_key {
            if self.table[key] == u32::MAX {
                self.table[key] = self.macs.len() as u32;
                self.macs.push(p.derive(&p.sts_key(combo)));
            }
            self.last_key = key;
        }
        let sig = self.macs[self.table[key] as usize].sign_hash(&self.last_hash);
        same(&sig, &p.target)
    }
}

#[inline]
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let word = |x: &[u8; 32], i: usize| u64::from_ne_bytes(x[i..i + 8].try_into().expect("8"));
    (word(a, 0) ^ word(b, 0))
        | (word(a, 8) ^ word(b, 8))
        | (word(a, 16) ^ word(b, 16))
        | (word(a, 24) ^ word(b, 24))
        == 0
}

/// Enumerates combinations tier by tier: all singles, then pairs, then
/// triples, skipping combinations that edit one slot twice.
pub struct Combos<'p, 's> {
    p: &'p Problem<'s>,
    tier: usize,
    idx: [usize; MAX_TIER],
    started: bool,
}

impl<'p, 's> Combos<'p, 's> {
    pub fn new(p: &'p Problem<'s>) -> Self {
        Combos {
            p,
            tier: 1,
            idx: [0, 1, 2],
            started: false,
        }
    }

    fn advance(&mut self) -> bool {
        let n = self.p.candidates.len();
        let t = self.tier;
        // Odometer over strictly increasing indices.
        let mut pos = t;
        while pos > 0 {
            pos -= 1;
            if self.idx[pos] + (t - pos) < n {
                self.idx[pos] += 1;
                for j in pos + 1..t {
                    self.idx[j] = self.idx[j - 1] + 1;
                }
                return true;
            }
        }
        false
    }

    fn valid(&self) -> bool {
        let t = self.tier;
        let n = self.p.candidates.len();
        if self.idx[t - 1] >= n {
            return false;
        }
        for a in 0..t {
            for b in a + 1..t {
                if self.p.conflicts(self.idx[a] as u16, self.idx[b] as u16) {
                    return false;
                }
            }
        }
        true
    }
}

impl Iterator for Combos<'_, '_> {
    type Item = (usize, Combo);

    fn next(&mut self) -> Option<(usize, Combo)> {
        loop {
            if !self.started {
                self.started = true;
                self.idx = [0, 1, 2];
            } else if !self.advance() {
                self.tier += 1;
                if self.tier > MAX_TIER || self.tier > self.p.candidates.len() {
                    return None;
                }
                self.idx = [0, 1, 2];
            }
            if self.valid() {
                let mut c = [NONE; MAX_TIER];
                for (slot, &i) in c.iter_mut().zip(&self.idx[..self.tier]) {
                    *slot = i as u16;
                }
                return Some((self.tier, c));
            }
        }
    }
}

/// Runs the search within the budget.
pub fn search(p: &Problem<'_>, opts: &SearchOptions) -> SearchResult {
    let start = Instant::now();
    let threads = opts.threads.max(1);
    let mut workers: Vec<Worker> = (0..threads).map(|_| Worker::new(p)).collect();
    let mut combos = Combos::new(p);
    let mut block: Vec<Combo> = Vec::with_capacity(BLOCK);
    let mut matches = Vec::new();
    let mut tried = 0u64;
    let mut deepest = 0;
    let mut exhausted = false;
    let mut timed_out = false;
    let show_progress = opts.progress && std::io::stderr().is_terminal();
    let mut shown = false;
    let mut last_shown = start;
    let mut blocks_run = 0u32;
    loop {
        block.clear();
        // Small blocks first, so an early match is reported without
        // testing a whole block after it.
        let size = (1024usize << (2 * blocks_run.min(3))).min(BLOCK);
        blocks_run += 1;
        let room = opts.max_hypotheses.saturating_sub(tried).min(size as u64) as usize;
        while block.len() < room {
            match combos.next() {
                Some((_, c)) => block.push(c),
                None => {
                    exhausted = true;
                    break;
                }
            }
        }
        if block.is_empty() {
            break;
        }
        let (found, tested) = run_block(&mut workers, &block, tried, opts.all);
        tried += tested;
        deepest = match found.iter().map(|m| tier_of(&m.combo)).max() {
            Some(t) if !opts.all => t,
            _ => deepest.max(block.last().map_or(0, tier_of)),
        };
        matches.extend(found);
        if (!matches.is_empty() && !opts.all) || exhausted || tried >= opts.max_hypotheses {
            break;
        }
        if start.elapsed() >= MAX_SEARCH_TIME {
            timed_out = true;
            break;
        }
        if show_progress
            && start.elapsed() > Duration::from_secs(1)
            && last_shown.elapsed() > Duration::from_millis(200)
        {
            eprint!(
                "\rforensic search: {tried} hypotheses tried (up to {deepest} changes at a time)…"
            );
            shown = true;
            last_shown = Instant::now();
        }
    }
    if shown {
        eprint!("\r\x1b[K");
    }
    matches.sort_by_key(|m| m.index);
    if !opts.all {
        matches.truncate(1);
    }
    SearchResult {
        matches,
        tried,
        elapsed: start.elapsed(),
        exhausted,
        deepest_tier: deepest,
        timed_out,
    }
}

/// Tests a block; returns the matches and how many hypotheses were tested.
fn run_block(workers: &mut [Worker], block: &[Combo], offset: u64, all: bool) -> (Vec<Match>, u64) {
    let scan = |w: &mut Worker, slice: &[Combo], base: u64| -> (Vec<Match>, u64) {
        let mut out = Vec::new();
        for (i, c) in slice.iter().enumerate() {
            if w.test(c) {
                out.push(Match {
                    combo: *c,
                    index: base + i as u64,
                });
                if !all {
                    return (out, i as u64 + 1);
                }
            }
        }
        (out, slice.len() as u64)
    };
    if workers.len() == 1 || block.len() < PARALLEL_MIN {
        return scan(&mut workers[0], block, offset);
    }
    let per = block.len().div_ceil(workers.len());
    std::thread::scope(|s| {
        let handles: Vec<_> = workers
            .iter_mut()
            .zip(block.chunks(per))
            .enumerate()
            .map(|(k, (w, slice))| {
                let base = offset + (k * per) as u64;
                s.spawn(move || scan(w, slice, base))
            })
            .collect();
        let mut found = Vec::new();
        let mut tested = 0;
        for h in handles {
            let (m, n) = h.join().expect("search threads do not panic");
            found.extend(m);
            tested += n;
        }
        (found, tested)
    })
}
