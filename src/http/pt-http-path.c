/* pt-http-path.c — being written */
