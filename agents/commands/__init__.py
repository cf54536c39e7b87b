"""One module per `larder` subcommand."""
