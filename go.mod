module github.com/pyn-go/pyn

go 1.26
