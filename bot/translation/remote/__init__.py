"""Translation workers over NATS: the bot sends sentences, workers run the model (issue 13)."""
