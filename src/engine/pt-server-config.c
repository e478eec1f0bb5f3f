/* pt-server-config.c — being written */
