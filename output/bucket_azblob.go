//go:build azblob

package output

// azblob:// (Azure Blob Storage) comes with `go build -tags azblob`: its
// SDK would double the size of every feedloom binary.
import _ "gocloud.dev/blob/azureblob"
