/* pt-http-response.c — being written */
