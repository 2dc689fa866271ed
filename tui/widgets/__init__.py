"""The reviewer UI's widgets: each shows one thing the engine or the review session hands out."""
