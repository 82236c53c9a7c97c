module franca.test/conformance

go 1.21
