package event

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
)

// codeInfo is what newsgraph knows of a CAMEO event code.
type codeInfo struct {
	goldstein float64
	name      string
}

// readCodes reads data/codes.txt: "code goldstein name" per line, '#' comments.
func readCodes(text, name string) (map[string]codeInfo, error) {
	out := map[string]codeInfo{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 3 {
			return nil, fmt.Errorf("%s:%d: want code, Goldstein score and name", name, n)
		}
		g, err := strconv.ParseFloat(f[1], 64)
		if err != nil || g < -10 || g > 10 {
			return nil, fmt.Errorf("%s:%d: Goldstein score %q: want a number from -10 to 10", name, n, f[1])
		}
		out[f[0]] = codeInfo{goldstein: g, name: strings.Join(f[2:], " ")}
	}
	return out, nil
}

// Root returns the two-digit root of a CAMEO event code ("0311" -> "03"), "" when code is not one.
func Root(code string) string {
	if len(code) < 3 || code[0] < '0' || code[0] > '2' || code[1] < '0' || code[1] > '9' {
		return ""
	}
	return code[:2]
}

// QuadClass returns the quad class of a CAMEO event code as GDELT assigns it: 1 verbal cooperation (roots 01-05), 2 material
// cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20); 0 for a code outside CAMEO.
func QuadClass(code string) int {
	r := Root(code)
	if r == "" {
		return 0
	}
	n, _ := strconv.Atoi(r)
	switch {
	case n >= 1 && n <= 5: // statements, appeals, intents, consultations, diplomatic cooperation
		return 1
	case n >= 6 && n <= 8: // material cooperation, aid, yielding
		return 2
	case n >= 9 && n <= 13:
		return 3
	case n >= 14 && n <= 20:
		return 4
	}
	return 0
}

// Goldstein returns the Goldstein score of a CAMEO event code from the standard table, falling back to the
// code's three-digit base and then its root; ok is false when none is known.
func Goldstein(code string) (float64, bool) {
	for c := code; len(c) >= 2; c = c[:len(c)-1] {
		k := c
		if len(k) == 2 {
			k += "0"
		}
		if info, ok := codeTable()[k]; ok {
			return info.goldstein, true
		}
	}
	return 0, false
}

// CodeName returns the CAMEO name of an event code ("040" -> "consult"), "" when unknown.
func CodeName(code string) string { return codeTable()[code].name }
