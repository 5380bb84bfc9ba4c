package query_test

import (
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator/query"
)

func Example() {
	q, err := query.Compile(`(zelensk* OR "grain deal") -title:football`)
	if err != nil {
		panic(err)
	}
	item := query.Prepare(&query.Doc{
		Title:   "Zełenski w Łodzi",
		Content: "Prezydent Ukrainy odwiedził Łódź.",
	})
	fmt.Println(q.Match(item))
	fmt.Println(q)
	// Output:
	// true
	// ((zelensk* OR "grain deal") AND (NOT title:football))
}

func ExampleSyntaxError() {
	_, err := query.Compile(`title:(ukraine OR kyiv`)
	var se *query.SyntaxError
	if errors.As(err, &se) {
		fmt.Println(se.Error())
		fmt.Println(se.Caret())
	}
	// Output:
	// column 23: expected ")" to close the "(" at column 7, found the end of the query
	// title:(ukraine OR kyiv
	//                       ^
}

func ExampleQuery_Explain() {
	q, err := query.Compile(`ukrain* (grain NEAR/3 deal) -sport`)
	if err != nil {
		panic(err)
	}
	item := query.Prepare(&query.Doc{
		Title:   "Grain deal: ships leave Odesa",
		Content: "Ukraine's ports reopened under the deal.",
	})
	fmt.Print(q.Explain(item))
	// Output:
	// matches: (ukrain* AND (grain NEAR/3 deal) AND (NOT sport))
	//   + AND
	//     + ukrain*: content "ukraine"
	//     + (grain NEAR/3 deal): title "grain deal"
	//     + NOT
	//       - sport: not in title, content, category
}
