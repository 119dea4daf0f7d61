package source

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// skipExts are extensions of files that are evidently not articles; a directory walk passes them by.
var skipExts = map[string]bool{
	// images
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".bmp": true, ".tif": true,
	".tiff": true, ".ico": true, ".svg": true, ".heic": true, ".avif": true, ".psd": true,
	// audio, video
	".mp3": true, ".mp4": true, ".m4a": true, ".m4v": true, ".wav": true, ".ogg": true, ".oga": true,
	".flac": true, ".aac": true, ".avi": true, ".mov": true, ".mkv": true, ".webm": true, ".wmv": true,
	// documents and archives newsgraph does not read
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".odt": true, ".ods": true, ".epub": true, ".zip": true, ".tar": true, ".tgz": true, ".7z": true,
	".rar": true, ".bz2": true, ".xz": true, ".zst": true, ".lz4": true, ".iso": true, ".dmg": true,
	// programs, libraries, fonts, databases, page assets
	".exe": true, ".dll": true, ".so": true, ".dylib": true, ".bin": true, ".o": true, ".a": true,
	".class": true, ".jar": true, ".wasm": true, ".pyc": true, ".woff": true, ".woff2": true, ".ttf": true,
	".otf": true, ".eot": true, ".db": true, ".sqlite": true, ".sqlite3": true, ".db-wal": true,
	".db-shm": true, ".sqlite-wal": true, ".sqlite-shm": true, ".parquet": true, ".css": true, ".js": true,
	".map": true,
}

// Plan expands the user's arguments (files, directories walked recursively, globs already expanded by the shell,
// "-" for stdin) into the list of inputs, sorted, skipping hidden files/dirs (names starting with ".") and
// obvious non-articles by extension (images, .pdf, .zip, .exe ...). A missing path is an error naming it.
//
// Skipping applies to what a directory walk finds (and to non-article extensions among named files, which is
// what a shell glob such as dir/* gives); a hidden file named explicitly is read. Symbolic links to files are
// followed, links to directories are not. The same path given twice is listed once.
func Plan(args []string) ([]Input, error) {
	var out []Input
	for _, arg := range args {
		if arg == "-" {
			out = append(out, Input{Path: "-"})
			continue
		}
		fi, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		if !fi.IsDir() {
			if !skipExt(arg) {
				out = append(out, Input{Path: arg, Size: regularSize(fi)})
			}
			continue
		}
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != arg && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || skipExt(path) || strings.HasSuffix(d.Name(), "~") {
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			if fi.Mode()&fs.ModeSymlink != 0 {
				if fi, err = os.Stat(path); err != nil {
					return nil // a dangling link
				}
			}
			if fi.Mode().IsRegular() {
				out = append(out, Input{Path: path, Size: fi.Size()})
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("plan %s: %w", arg, err)
		}
	}
	slices.SortFunc(out, func(a, b Input) int { return strings.Compare(a.Path, b.Path) })
	out = slices.CompactFunc(out, func(a, b Input) bool { return a.Path == b.Path })
	return out, nil
}

// skipExt reports whether path's extension marks it as not an article.
func skipExt(path string) bool {
	name := strings.ToLower(filepath.Base(path))
	if strings.HasSuffix(name, ".tar.gz") {
		return true
	}
	return skipExts[filepath.Ext(name)]
}

func regularSize(fi fs.FileInfo) int64 {
	if fi.Mode().IsRegular() {
		return fi.Size()
	}
	return 0
}
