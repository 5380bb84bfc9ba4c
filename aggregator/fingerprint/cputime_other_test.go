//go:build !unix

package fingerprint

import "time"

// processCPUTime is not measured here; benchmarks report wall time only.
func processCPUTime() time.Duration { return 0 }
