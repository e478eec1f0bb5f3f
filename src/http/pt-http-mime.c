/* pt-http-mime.c — being written */
