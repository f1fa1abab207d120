//go:build tools

// Package tools pins the upstream program this module builds.
package tools

import _ "istio.io/istio/istioctl/cmd/istioctl"
