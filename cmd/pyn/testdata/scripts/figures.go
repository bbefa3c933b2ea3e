// A main package that prints and displays two images and a text.
package main

import (
	"fmt"
	"image"
	"image/color"

	"github.com/pyn-go/pyn/display"
)

func main() {
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	img.Set(2, 3, color.RGBA{R: 200, A: 255})
	fmt.Println("drawing")
	display.Display(img)
	display.Display(img.SubImage(image.Rect(0, 0, 4, 4)))
	display.Display("a caption")
}
