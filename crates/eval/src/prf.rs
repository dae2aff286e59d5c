//! Counts-based precision/recall/F1 for span and relation scorers (entities,
//! attributions) that match items exactly rather than align treebank words.

/// True/false positives and false negatives for one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Pool another set of counts into this one (micro averaging).
    pub fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::Prf;

    #[test]
    fn hand_counted_cases() {
        let p = Prf {
            tp: 3,
            fp: 1,
            fn_: 2,
        };
        assert_eq!(p.precision(), 0.75);
        assert_eq!(p.recall(), 0.6);
        assert!((p.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-12);
        assert_eq!(Prf::default().f1(), 0.0);
        let mut q = Prf::default();
        q.add(p);
        q.add(p);
        assert_eq!((q.tp, q.fp, q.fn_), (6, 2, 4));
        assert_eq!(q.f1(), p.f1());
    }
}
