package dump

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/feedloom/feedloom/internal/atomicfile"
)

// Write writes the store that tx reads to w, one JSON record per line.
func Write(ctx context.Context, tx ReadTx, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := Each(ctx, tx, func(r *Record) error { return enc.Encode(r) }); err != nil {
		return err
	}
	return bw.Flush()
}

// Read loads the dump r into tx, which must be an empty store's. Errors
// name the line of the dump.
func Read(ctx context.Context, r io.Reader, tx WriteTx) error {
	l := NewLoader(tx)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 256<<20)
	line := 0
	for sc.Scan() {
		line++
		if line%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var rec Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if err := l.Apply(&rec); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", line+1, err)
	}
	if line == 0 {
		return errors.New("the dump is empty")
	}
	if !l.Ended() {
		return fmt.Errorf("the dump stops after line %d without its end record: it was cut short; take another backup", line)
	}
	return nil
}

// Copy copies the store that from reads into to, an empty store's.
func Copy(ctx context.Context, from ReadTx, to WriteTx) error {
	l := NewLoader(to)
	if err := Each(ctx, from, l.Apply); err != nil {
		return err
	}
	if !l.Ended() {
		return errors.New("the copy stopped before the end of the store")
	}
	return nil
}

func sortIDs(ids []fold.StoryID) []fold.StoryID {
	slices.Sort(ids)
	return slices.Compact(ids)
}

func inconsistent(format string, args ...any) error {
	return fmt.Errorf("%w: %s", fold.ErrInconsistent, fmt.Sprintf(format, args...))
}

// WriteFile writes a dump of the store that export reads to dest, through
// a temporary file beside it that is synced and renamed into place, so
// dest is never a partial dump. It returns the dump's size.
func WriteFile(ctx context.Context, dest string, export func(func(ReadTx) error) error) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return 0, fmt.Errorf("backup to %s: %w", dest, err)
	}
	atomicfile.RemoveStale(dest)
	var n int64
	err := atomicfile.Replace(dest, 0o644, func(f *os.File) error {
		cw := &countingWriter{w: f}
		if err := export(func(tx ReadTx) error { return Write(ctx, tx, cw) }); err != nil {
			return err
		}
		n = cw.n
		return f.Sync()
	})
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", dest, err)
	}
	return n, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
