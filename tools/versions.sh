# Pinned versions of everything franca's tests fetch from registries.
ESBUILD_VERSION=0.28.2
LEFTHOOK_VERSION=2.2.2
ZIG_VERSION=0.15.2
