module github.com/pyn-go/pyn

go 1.26

require (
	github.com/peterh/liner v1.2.2
	github.com/traefik/yaegi v0.16.1
	gonum.org/v1/plot v0.17.0
)

tool github.com/traefik/yaegi/cmd/yaegi
