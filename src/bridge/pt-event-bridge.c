/* pt-event-bridge.c — being written */
