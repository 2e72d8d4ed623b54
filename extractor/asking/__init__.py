"""What we ask the model: the prompt templates (from ``prompts/``) and the answer models."""
