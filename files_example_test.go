package crevio_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// Upload streams a file in the documented three steps: it creates the
// file, PUTs the bytes to the upload URL the API hands back (a storage
// host, never sent the API key), then confirms the upload. The content is
// read while it is sent, so a large file (an *os.File, say) never sits in
// memory. Here the API and the storage host are the creviotest fake,
// which keeps the bytes.
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
	fmt.Println(*f.Filename, *f.ContentType, *f.Size, f.UploadStatus)
	fmt.Println(string(content))
	// Output:
	// notes.txt text/plain; charset=utf-8 15 ready
	// Lesson 1: hello
}

// A URL import is processing when created: WaitReady polls it until it is
// ready (or failed).
func ExampleFilesService_WaitReady() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	f, err := c.Files.Create(ctx, &crevio.FileCreateParams{URL: crevio.Ptr("https://cdn.example.com/syllabus.pdf")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Source, f.UploadStatus)
	f, err = c.Files.WaitReady(ctx, f.ID, &crevio.FileWaitParams{Interval: 10 * time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*f.Filename, f.UploadStatus)
	// Output:
	// url_import processing
	// syllabus.pdf ready
}

// An external video is embedded by URL, ready at once; only YouTube,
// Vimeo and Wistia URLs are accepted.
func ExampleFilesService_Create_externalVideo() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	f, err := c.Files.Create(ctx, &crevio.FileCreateParams{
		Kind: crevio.Ptr(crevio.FileKindExternalVideo),
		URL:  crevio.Ptr("https://youtu.be/dQw4w9WgXcQ"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Kind, f.UploadStatus, *f.Provider)

	_, err = c.Files.Create(ctx, &crevio.FileCreateParams{
		Kind: crevio.Ptr(crevio.FileKindExternalVideo),
		URL:  crevio.Ptr("https://example.com/video.mp4"),
	})
	fmt.Println(errors.Is(err, crevio.ErrValidation))
	// Output:
	// external_video ready youtube
	// true
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
