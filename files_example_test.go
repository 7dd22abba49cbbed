package crevio_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// Upload streams a file to the API: the content is read while it is sent,
// so a large file (an *os.File, say) never sits in memory. Here the API is
// the creviotest fake, which keeps the bytes.
func ExampleFilesService_Upload() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client()

	f, err := c.Files.Upload(context.Background(), &crevio.FileUploadParams{
		Filename: "notes.txt",
		Reader:   strings.NewReader("Lesson 1: hello"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	content, _ := srv.FileContent(f.ID)
	fmt.Println(f.Filename, f.ContentType, *f.ByteSize)
	fmt.Println(string(content))
	// Output:
	// notes.txt text/plain; charset=utf-8 15
	// Lesson 1: hello
}

// SetPosition reorders a product's reviews: the reviews in between shift.
func ExampleReviewsService_SetPosition() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	seeded, _ := srv.Seed("products", map[string]any{"name": "Course", "slug": "course"})
	product := seeded[0]["id"].(string)
	var last *crevio.Review
	for _, name := range []string{"Ann", "Bo", "Cy"} {
		last, _ = c.Reviews.Create(ctx, &crevio.ReviewCreateParams{Product: product, Rating: 5, CustomerName: crevio.Ptr(name)})
	}

	if _, err := c.Reviews.SetPosition(ctx, last.ID, &crevio.ReviewSetPositionParams{Position: 1}); err != nil {
		fmt.Println(err)
		return
	}
	p, _ := c.Products.Get(ctx, "course", &crevio.ProductGetParams{Expand: []crevio.ProductExpand{crevio.ProductExpandReviews}})
	for _, r := range p.Reviews {
		fmt.Println(r.Position, r.CustomerName)
	}
	// Output:
	// 1 Cy
	// 2 Ann
	// 3 Bo
}
