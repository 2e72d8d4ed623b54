"""Model backends: the only modules that import openai or llama_cpp."""
