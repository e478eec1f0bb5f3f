/* pt-http-parser.c — being written */
