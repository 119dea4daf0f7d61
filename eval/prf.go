package eval

// prf returns precision (tpPred of pred predictions right), recall (tpGold of gold items found) and their
// harmonic mean; a zero denominator gives zero.
func prf(tpPred, pred, tpGold, gold int) (p, r, f float64) {
	if pred > 0 {
		p = float64(tpPred) / float64(pred)
	}
	if gold > 0 {
		r = float64(tpGold) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
