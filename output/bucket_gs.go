//go:build gs

package output

// gs:// (Google Cloud Storage) comes with `go build -tags gs`: its SDK
// would triple the size of every feedloom binary.
import _ "gocloud.dev/blob/gcsblob"
