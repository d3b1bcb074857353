"""Five golds (五金): programmes, categories, nominations and recognised results."""
