/* pt-http-date.c — being written */
