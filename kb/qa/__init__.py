"""Questions and answers: understanding a question, answering from the graph or from quotes."""
